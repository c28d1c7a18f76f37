import { useEffect, useRef } from "react";
import { addTierRow, type IncrementForm, MAX_TIERS, removeTierRow, type TierRow } from "../domain/increment-rule";
import type { FormErrors } from "../domain/listing-draft";
import { ChoiceGroup } from "./ChoiceGroup";
import { Field } from "./Field";

interface IncrementRuleFieldProps {
  value: IncrementForm;
  errors: FormErrors;
  onChange: (patch: Partial<IncrementForm>) => void;
}

const MODES = [
  { value: "fixed", label: "Fixed step" },
  { value: "tiered", label: "Steps by price" },
] as const;

/**
 * How much each bid must add: one fixed step, or steps by price ("from $100.00 on, bids go up
 * by $5.00"). The first row starts at $0.00 and cannot be removed.
 */
export function IncrementRuleField({ value, errors, onChange }: IncrementRuleFieldProps) {
  const list = useRef<HTMLOListElement>(null);
  const focusRow = useRef<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusRow.current === null) return;
    const row = focusRow.current;
    focusRow.current = null;
    if (row < 0) addButton.current?.focus();
    else list.current?.querySelector<HTMLInputElement>(`[name="tiers.${row}.from"]`)?.focus();
  });

  const setRow = (index: number, patch: Partial<TierRow>) =>
    onChange({ tiers: value.tiers.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  const add = () => {
    focusRow.current = value.tiers.length;
    onChange({ tiers: addTierRow(value.tiers) });
  };
  const remove = (index: number) => {
    focusRow.current = -1;
    onChange({ tiers: removeTierRow(value.tiers, index) });
  };

  return (
    <div className="stack">
      <ChoiceGroup
        legend="How bids go up"
        name="incrementMode"
        value={value.incrementMode}
        options={MODES}
        onChange={(incrementMode) => onChange({ incrementMode })}
        error={errors.incrementMode}
      />
      {value.incrementMode === "fixed" ? (
        <Field label="Bid step (USD)" hint="How much each bid must add." error={errors.increment}>
          {(c) => (
            <input
              {...c}
              name="increment"
              inputMode="decimal"
              value={value.increment}
              onChange={(e) => onChange({ increment: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <fieldset className="stack">
          <legend>Bid steps by price</legend>
          <p className="field__hint">
            From each price on, a bid must add that row's step. The first row starts at $0.00; each next row at a higher price.
          </p>
          <ol className="stack" ref={list}>
            {value.tiers.map((row, i) => (
              <li key={row.key}>
                <div className="row">
                  <Field label={<RowLabel text="From price (USD)" row={i} />} error={errors[`tiers.${i}.from`]}>
                    {(c) =>
                      i === 0 ? (
                        <input {...c} name="tiers.0.from" value="0.00" readOnly style={FIXED_LOOK} />
                      ) : (
                        <input
                          {...c}
                          name={`tiers.${i}.from`}
                          inputMode="decimal"
                          value={row.from}
                          onChange={(e) => setRow(i, { from: e.target.value })}
                        />
                      )
                    }
                  </Field>
                  <Field label={<RowLabel text="Step (USD)" row={i} />} error={errors[`tiers.${i}.amount`]}>
                    {(c) => (
                      <input
                        {...c}
                        name={`tiers.${i}.amount`}
                        inputMode="decimal"
                        value={row.amount}
                        onChange={(e) => setRow(i, { amount: e.target.value })}
                      />
                    )}
                  </Field>
                </div>
                {i > 0 ? (
                  <button type="button" className="button button--small button--ghost" onClick={() => remove(i)}>
                    Remove row <span className="visually-hidden">{i + 1}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          <button type="button" ref={addButton} className="button button--small" onClick={add} disabled={value.tiers.length >= MAX_TIERS}>
            Add a row
          </button>
        </fieldset>
      )}
    </div>
  );
}

/** The first row's start cannot change: it looks like text in a box, not a box to type in. */
const FIXED_LOOK = { background: "transparent", borderStyle: "dashed" } as const;

/** "From price (USD)", heard as "From price (USD), row 2". */
function RowLabel({ text, row }: { text: string; row: number }) {
  return (
    <>
      {text}
      <span className="visually-hidden">, row {row + 1}</span>
    </>
  );
}
