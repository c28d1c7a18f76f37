import { type DraftForm, DURATIONS, type FormErrors } from "../domain/listing-draft";
import { localTimeZoneName, toDatetimeLocal } from "../domain/local-time";
import { ChoiceGroup } from "./ChoiceGroup";
import { Field } from "./Field";

type ScheduleForm = Pick<DraftForm, "startMode" | "startsAt" | "endMode" | "durationMinutes" | "endsAt">;

interface ScheduleFieldsProps {
  value: ScheduleForm;
  errors: FormErrors;
  onChange: (patch: Partial<ScheduleForm>) => void;
  /** The server's now: the earliest start the pickers offer. */
  nowMs: number;
}

const START_MODES = [
  { value: "on-publish", label: "When I publish it" },
  { value: "at", label: "At a start time I choose" },
] as const;

const END_MODES = [
  { value: "after", label: "After a length of time" },
  { value: "at", label: "At an end time I choose" },
] as const;

/** When bidding starts (on publishing, or at a time) and ends (after a length, or at a time), in the seller's local time. */
export function ScheduleFields({ value, errors, onChange, nowMs }: ScheduleFieldsProps) {
  const hint = `In your time zone (${localTimeZoneName()}).`;
  const earliest = toDatetimeLocal(nowMs);
  return (
    <>
      <ChoiceGroup
        legend="Bidding starts"
        name="startMode"
        value={value.startMode}
        options={START_MODES}
        onChange={(startMode) => onChange({ startMode })}
        error={errors.startMode}
      />
      {value.startMode === "at" ? (
        <Field label="Start time" hint={hint} error={errors.startsAt}>
          {(c) => (
            <input
              {...c}
              type="datetime-local"
              name="startsAt"
              min={earliest}
              value={value.startsAt}
              onChange={(e) => onChange({ startsAt: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      <ChoiceGroup
        legend="Bidding ends"
        name="endMode"
        value={value.endMode}
        options={END_MODES}
        onChange={(endMode) => onChange({ endMode })}
        error={errors.endMode}
      />
      {value.endMode === "after" ? (
        <Field label="Bidding lasts" error={errors.durationMinutes}>
          {(c) => (
            <select
              {...c}
              name="durationMinutes"
              value={value.durationMinutes}
              onChange={(e) => onChange({ durationMinutes: e.target.value })}
            >
              {DURATIONS.map((d) => (
                <option key={d.minutes} value={String(d.minutes)}>
                  {d.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field label="End time" hint={hint} error={errors.endsAt}>
          {(c) => (
            <input
              {...c}
              type="datetime-local"
              name="endsAt"
              min={value.startMode === "at" && value.startsAt ? value.startsAt : earliest}
              value={value.endsAt}
              onChange={(e) => onChange({ endsAt: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );
}
