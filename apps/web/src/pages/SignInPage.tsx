import { type FormEvent, useState } from "react";
import { logIn } from "../api/auth";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { busyNotice } from "../domain/busy";
import { navigate } from "../routing/history";
import { Link } from "../routing/Link";
import { paths, safeReturnTo } from "../routing/routes";
import { useLocation } from "../routing/use-location";
import { sessionStore } from "../session/session-store";

export function SignInPage() {
  usePageTitle("Sign in");
  const returnTo = safeReturnTo(useLocation().searchParams.get("returnTo"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) return setError("Enter your e-mail address and password.");
    setBusy(true);
    setError(undefined);
    try {
      sessionStore.set(await logIn({ email: email.trim(), password }));
      navigate(returnTo, { replace: true });
    } catch (err) {
      setError(
        busyNotice(err, "sign-in") ??
          (err instanceof ApiError && err.code === "INVALID_CREDENTIALS"
            ? "That e-mail address and password don't match an account."
            : err instanceof ApiError
              ? err.message
              : "Signing in failed. Try again."),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Sign in</h1>
      <form onSubmit={submit} noValidate className="stack">
        {error ? <FormMessage tone="error">{error}</FormMessage> : null}
        <Field label="E-mail address">
          {(c) => <input {...c} type="email" name="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password">
          {(c) => (
            <input
              {...c}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        New here? <Link href={paths.signUp(returnTo === "/" ? undefined : returnTo)}>Create an account</Link>
      </p>
    </section>
  );
}
