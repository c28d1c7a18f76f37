import { type ReactNode, useId } from "react";

interface ChoiceGroupProps<V extends string> {
  legend: ReactNode;
  /** The radios' name, also the key their error is reported under (focus finds the checked one by it). */
  name: string;
  value: V;
  options: readonly { value: V; label: ReactNode }[];
  onChange: (value: V) => void;
  error?: string | undefined;
}

/** A set of radio buttons with a legend, and an error that screen readers hear with each radio. */
export function ChoiceGroup<V extends string>({ legend, name, value, options, onChange, error }: ChoiceGroupProps<V>) {
  const errorId = `${useId()}-error`;
  return (
    <fieldset className={error ? "choices field--invalid" : "choices"}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            {...(error ? { "aria-invalid": true, "aria-describedby": errorId } : {})}
          />{" "}
          {o.label}
        </label>
      ))}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
