import { forwardRef, useId } from "react";
import { cn } from "@/components/ui/cn";

type FieldProps = { label: string; error?: string; hint?: string; optional?: boolean };

/** What an input and a textarea share: the id, the description, the invalid state and the look. */
const controlProps = ({ id, describedBy }: { id: string; describedBy?: string }, error: string | undefined, extra: string) => ({
  id,
  "aria-invalid": error ? true : undefined,
  "aria-describedby": describedBy,
  className: cn(
    "mt-1.5 block w-full rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400",
    "focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none",
    error ? "border-red-400" : "border-slate-300",
    extra,
  ),
});

/** A label above a control, its hint or error below, tied to it with aria-describedby (the error is announced). */
function Field({
  label,
  error,
  hint,
  optional,
  className,
  id,
  control,
}: FieldProps & { className?: string; id?: string; control: (props: { id: string; describedBy?: string }) => React.ReactNode }) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
        {/* A real space, so that the accessible name reads "Description (optional)", not "Description(optional)". */}
        {optional ? <span className="font-normal text-slate-500"> (optional)</span> : null}
      </label>
      {control({ id: inputId, describedBy })}
      {hint && !error ? (
        <p id={hintId} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = React.InputHTMLAttributes<HTMLInputElement> & FieldProps;

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, error, hint, optional, className, id, ...props },
  ref,
) {
  return (
    <Field
      {...{ label, error, hint, optional, className, id }}
      control={(ids) => <input ref={ref} {...controlProps(ids, error, "h-10")} {...props} />}
    />
  );
});

type TextAreaFieldProps = React.TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps;

/** The same, for text of several lines. */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, error, hint, optional, className, id, ...props },
  ref,
) {
  return (
    <Field
      {...{ label, error, hint, optional, className, id }}
      control={(ids) => <textarea ref={ref} {...controlProps(ids, error, "py-2 font-mono")} {...props} />}
    />
  );
});
