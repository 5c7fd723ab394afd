// The busboy that Next.js bundles and parses fetch actions' multipart bodies with
// (next/dist/compiled/busboy ships no types): the part of its API the action guard uses.
declare module "next/dist/compiled/busboy" {
  import type { Writable } from "node:stream";
  type Options = { headers: Record<string, string>; defParamCharset?: string; limits?: { fieldSize?: number } };
  function busboy(options: Options): Writable;
  export default busboy;
}
