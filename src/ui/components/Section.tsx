import type { ComponentChildren } from "preact";

/** A page section; when its data is absent it says why instead of drawing an empty chart. */
export function Section({
  id,
  title,
  absent,
  children,
}: {
  id: string;
  title: string;
  absent?: string | undefined;
  children?: ComponentChildren;
}) {
  return (
    <section id={id} class="section">
      <h2>{title}</h2>
      {absent ? (
        <p class="absent" data-absent={id}>
          {absent}
        </p>
      ) : (
        children
      )}
    </section>
  );
}
