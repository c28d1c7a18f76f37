interface SelectFieldProps<V extends string> {
  id: string;
  label: string;
  value: V | "";
  options: { value: V; label: string }[];
  /** The choice meaning "no filter" (value ""), if there is one. */
  anyLabel?: string;
  onChange: (value: V | "") => void;
}

/** A labelled select box whose values are a known set of strings. */
export function SelectField<V extends string>({ id, label, value, options, anyLabel, onChange }: SelectFieldProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V | "")}>
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
