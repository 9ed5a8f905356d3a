import { useState } from "preact/hooks";
import { api, ApiFailure, rememberCsrf, type User } from "./api.ts";

/** The sign-in form: the server sets an HTTP-only cookie and answers the CSRF token for writes. */
export function Login({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [error, setError] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const answer = await api<{ user: User; csrfToken: string }>("POST", "/session", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      rememberCsrf(answer.csrfToken);
      onSignedIn(answer.user);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : "the server did not answer");
    }
  };
  return (
    <form class="login" onSubmit={submit} data-page="login">
      <h1>debtlens</h1>
      <label>
        email
        <input name="email" type="email" autocomplete="username" required />
      </label>
      <label>
        password
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit">Sign in</button>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
