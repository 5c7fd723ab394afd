// next/dist/compiled/busboy ships no types: the part lib/server/page-posts/check.ts uses.
declare module "next/dist/compiled/busboy" {
  import type { Writable } from "node:stream";
  type Options = { headers: Record<string, string>; defParamCharset?: string; limits?: { fieldSize?: number } };
  function busboy(options: Options): Writable;
  export default busboy;
}
