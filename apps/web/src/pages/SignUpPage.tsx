import { type FormEvent, useState } from "react";
import { useAttemptKey } from "../api/attempt-key";
import { signUp } from "../api/auth";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { fieldErrorsFromDetails, passwordAdvice } from "../domain/api-field-errors";
import { busyNotice } from "../domain/busy";
import { navigate } from "../routing/history";
import { Link } from "../routing/Link";
import { paths, safeReturnTo } from "../routing/routes";
import { useLocation } from "../routing/use-location";
import { sessionStore } from "../session/session-store";

type Role = "bidder" | "seller";

interface Problems {
  summary?: string;
  fields: Record<string, string>;
  advice?: { warning: string; suggestions: string[] };
  emailTaken?: boolean;
}

export function SignUpPage() {
  usePageTitle("Create an account");
  const location = useLocation();
  const returnTo = safeReturnTo(location.searchParams.get("returnTo"));
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>(location.searchParams.get("role") === "seller" ? "seller" : "bidder");
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const attempt = useAttemptKey();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!displayName.trim()) missing.displayName = "Enter the name other people will see.";
    if (!email.trim()) missing.email = "Enter your e-mail address.";
    if (!password) missing.password = "Choose a password.";
    if (Object.keys(missing).length > 0) return setProblems({ summary: "Some details are missing.", fields: missing });

    setBusy(true);
    setProblems({ fields: {} });
    try {
      sessionStore.set(await signUp({ displayName: displayName.trim(), email: email.trim(), password, role }, attempt.current()));
      attempt.answered();
      navigate(role === "seller" && returnTo === "/" ? paths.sell : returnTo, { replace: true });
    } catch (err) {
      attempt.answered(err);
      setProblems(problemsFrom(err));
    } finally {
      setBusy(false);
    }
  };

  const advice = problems.advice;
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Create an account</h1>
      <form onSubmit={submit} noValidate className="stack">
        {problems.summary ? (
          <FormMessage tone="error">
            {problems.summary}
            {problems.emailTaken ? (
              <>
                {" "}
                <Link href={paths.signIn(returnTo === "/" ? undefined : returnTo)}>Sign in instead</Link>
              </>
            ) : null}
          </FormMessage>
        ) : null}
        <Field label="Display name" hint="Shown to you and on your auctions." error={problems.fields.displayName}>
          {(c) => (
            <input {...c} name="displayName" autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          )}
        </Field>
        <Field label="E-mail address" error={problems.fields.email}>
          {(c) => <input {...c} type="email" name="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password" hint="Use a long passphrase: several unrelated words work well." error={problems.fields.password}>
          {(c) => (
            <input
              {...c}
              type="password"
              name="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {advice && (advice.warning || advice.suggestions.length > 0) ? (
          <div className="advice">
            {advice.warning ? <p className="advice__text">{advice.warning}</p> : null}
            {advice.suggestions.length > 0 ? (
              <ul className="advice__list">
                {advice.suggestions.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <fieldset className="choices">
          <legend>I want to</legend>
          <label>
            <input type="radio" name="role" value="bidder" checked={role === "bidder"} onChange={() => setRole("bidder")} /> Bid on auctions
          </label>
          <label>
            <input type="radio" name="role" value="seller" checked={role === "seller"} onChange={() => setRole("seller")} /> Sell items (and
            bid)
          </label>
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account? <Link href={paths.signIn(returnTo === "/" ? undefined : returnTo)}>Sign in</Link>
      </p>
    </section>
  );
}

function problemsFrom(err: unknown): Problems {
  if (!(err instanceof ApiError)) return { summary: "Creating your account failed. Try again.", fields: {} };
  const busy = busyNotice(err, "sign-up");
  if (busy) return { summary: busy, fields: {} };
  switch (err.code) {
    case "EMAIL_TAKEN":
      return {
        summary: "An account with this e-mail address already exists.",
        fields: { email: "This e-mail address is taken." },
        emailTaken: true,
      };
    case "WEAK_PASSWORD":
      return { summary: "Choose a stronger password.", fields: { password: err.message }, advice: passwordAdvice(err.details) };
    case "VALIDATION_FAILED":
      return { summary: "Check the highlighted fields.", fields: fieldErrorsFromDetails(err.details) };
    default:
      return { summary: err.message, fields: {} };
  }
}
