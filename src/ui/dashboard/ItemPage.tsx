import { useEffect, useState } from "preact/hooks";
import { money } from "../format.ts";
import { api } from "./api.ts";
import { link } from "./router.ts";

interface ItemAnswer {
  project: string;
  item: Record<string, unknown>;
  observations: Array<Record<string, unknown>>;
  stateChanges: Array<Record<string, unknown>>;
  explain?: string | null;
}

const text = (value: unknown) => (value === null || value === undefined ? "-" : String(value));

/** One item: what it is, its figures at every snapshot that saw it, and every decision on it. */
export function ItemPage({ id }: { id: string }) {
  const [answer, setAnswer] = useState<ItemAnswer | undefined>();
  const [error, setError] = useState("");
  const [note, setNote] = useState("");
  const load = () =>
    api<ItemAnswer>("GET", `/items/${encodeURIComponent(id)}?explain=true`).then(
      setAnswer,
      (f: Error) => setError(f.message),
    );
  useEffect(() => void load(), [id]);
  const saveNote = async (event: Event) => {
    event.preventDefault();
    try {
      await api("PATCH", `/items/${encodeURIComponent(id)}`, { note });
      await load();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!answer) return <p class="hint">loading…</p>;
  const { item } = answer;
  return (
    <div data-page="item" data-item={id}>
      <p>
        <a href={link([])}>Projects</a> /{" "}
        <a href={link(["projects", answer.project])}>{answer.project}</a> / item
      </p>
      <h2>{text(item.message)}</h2>
      <dl class="facts">
        <dt>rule</dt>
        <dd>{text(item.rule)}</dd>
        <dt>where</dt>
        <dd class="where-full">{text(item.path)}</dd>
        <dt>state</dt>
        <dd data-field="state">{text(item.state)}</dd>
        <dt>owner</dt>
        <dd>{text(item.owner)}</dd>
        <dt>note</dt>
        <dd data-field="note">{text(item.note)}</dd>
      </dl>
      <form class="filters" onSubmit={saveNote}>
        <label>
          note
          <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit">Save note</button>
      </form>
      {answer.explain ? (
        <section class="section" data-section="explain">
          <h2>How its figures were computed</h2>
          <pre class="explain">{answer.explain}</pre>
        </section>
      ) : null}
      <HistoryTable observations={answer.observations} />
      <DecisionsTable changes={answer.stateChanges} />
    </div>
  );
}

/** The item's figures at every snapshot that saw it. */
function HistoryTable({ observations }: { observations: ItemAnswer["observations"] }) {
  return (
    <section class="section">
      <h2>History</h2>
      <table class="compact" data-table="observations">
        <thead>
          <tr>
            <th>snapshot</th>
            <th>date</th>
            <th>class</th>
            <th class="num">priority</th>
            <th class="num">principal</th>
            <th class="num">interest/yr</th>
          </tr>
        </thead>
        <tbody>
          {observations.map((o) => (
            <tr key={text(o.snapshot)}>
              <td>{text(o.snapshot)}</td>
              <td>{text(o.date).slice(0, 10)}</td>
              <td>{text(o.class)}</td>
              <td class="num">{text(o.priority)}</td>
              <td class="num">{money(Number(o.principal ?? 0), "USD")}</td>
              <td class="num">{money(Number(o.interest ?? 0), "USD")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every state change, oldest first: the append-only log. */
function DecisionsTable({ changes }: { changes: ItemAnswer["stateChanges"] }) {
  return (
    <section class="section">
      <h2>Decisions</h2>
      <table class="compact" data-table="state-changes">
        <thead>
          <tr>
            <th>when</th>
            <th>who</th>
            <th>from</th>
            <th>to</th>
            <th>why</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, n) => (
            <tr key={n}>
              <td>{text(c.at).slice(0, 19)}</td>
              <td>{text(c.by)}</td>
              <td>{text(c.from)}</td>
              <td>{text(c.to)}</td>
              <td>{text(c.why)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
