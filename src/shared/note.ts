/**
 * A note in the report: what the reader must know to read the figures. `code` is a stable id
 * (`history.shallow-clone`, `triage.excluded`) that reporters word from `data`; `text` is the
 * English wording, kept for readers that do not know the code. A leaf, so that every stage that
 * notices something (discovery, the cache, history, inputs, triage) can say it.
 */
export interface Note {
  code: string;
  data?: Record<string, string | number | boolean>;
  text: string;
}

export function note(code: string, text: string, data?: Note["data"]): Note {
  return data ? { code, data, text } : { code, text };
}
