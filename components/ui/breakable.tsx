import { Fragment } from "react";

/**
 * Text without spaces (an email, an IP address, a token's name) with places where it may wrap:
 * after a dot, a colon, an underscore or a slash, and before an "@". In a narrow column it then
 * breaks where a reader expects ("margaret." / "hamilton@example.test") rather than anywhere, and
 * is never cut off. The text itself is unchanged (copying it copies no extra character).
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[.:_/])|(?=@)/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}
