import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, rememberCsrf, type User } from "./dashboard/api.ts";
import { ItemPage } from "./dashboard/ItemPage.tsx";
import { Login } from "./dashboard/Login.tsx";
import { Overview } from "./dashboard/Overview.tsx";
import { ProjectPage } from "./dashboard/ProjectPage.tsx";
import { navigate, useLocation } from "./dashboard/router.ts";
import "./styles.css";

/** The dashboard `debtlens serve` serves at `/`: everything it shows comes from /api/v1. */
function Dashboard() {
  const [user, setUser] = useState<User | null | undefined>();
  const location = useLocation();
  useEffect(() => {
    api<{ user: User; csrfToken: string }>("GET", "/session").then(
      (answer) => {
        rememberCsrf(answer.csrfToken);
        setUser(answer.user);
      },
      // not signed in (401), or the session expired: the sign-in form
      () => setUser(null),
    );
  }, []);
  useEffect(() => {
    if (user !== undefined) document.documentElement.dataset.ready = "true";
  }, [user, location]);
  if (user === undefined) return <p class="hint">loading…</p>;
  if (user === null) return <Login onSignedIn={setUser} />;
  const signOut = async () => {
    await api("DELETE", "/session").catch(() => undefined);
    rememberCsrf(undefined);
    setUser(null);
    navigate([]);
  };
  const [page, id] = location.path;
  return (
    <main class="dashboard">
      <header class="bar">
        <a href="#/">debtlens</a>
        <span class="user" data-user={user.email}>
          {user.email}
        </span>
        <button class="signout" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {page === "projects" && id ? (
        <ProjectPage name={id} location={location} />
      ) : page === "items" && id ? (
        <ItemPage id={id} />
      ) : (
        <Overview />
      )}
    </main>
  );
}

const app = document.getElementById("app");
if (app) render(<Dashboard />, app);
