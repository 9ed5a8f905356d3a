import { InputError, yamlModule } from "../shared/index.ts";
import { PRIORITIES, type Priority, type Slo } from "./model.ts";
import { BURN_ALERT, POLICY_ALERT } from "./rules.ts";

/**
 * The framework's escalation policy as Alertmanager timing. `group_wait` is how long a first
 * notification may wait (alerts of one SLO arriving meanwhile go out together; one that resolves
 * first never notifies); `repeat_interval` is how often a still-firing alert notifies again.
 */
export const ESCALATION: Record<
  Priority,
  { groupWait: string; groupInterval: string; repeatInterval: string; meaning: string }
> = {
  P0: {
    groupWait: "0s",
    groupInterval: "1m",
    repeatInterval: "5m",
    meaning: "page at once, again every 5 minutes until resolved or silenced",
  },
  P1: {
    groupWait: "5m",
    groupInterval: "5m",
    repeatInterval: "1h",
    meaning: "page within 5 minutes",
  },
  P2: {
    groupWait: "15m",
    groupInterval: "15m",
    repeatInterval: "12h",
    meaning: "notify within 15 minutes",
  },
  // The digest: notifications only inside the daily digest interval, all P3 alerts in one group.
  P3: { groupWait: "0s", groupInterval: "15m", repeatInterval: "23h", meaning: "one daily digest" },
};

export interface MaintenanceWindow {
  /** Alertmanager weekday ranges (`monday:friday`, `saturday`); every day when empty. */
  weekdays: string[];
  start: string;
  end: string;
}

export interface AlertmanagerOptions {
  /** Webhook URL per priority; a priority without one gets an empty receiver to fill in. */
  webhooks?: Partial<Record<Priority, string>>;
  maintenance?: MaintenanceWindow[];
  /** When the P3 digest goes out (HH:MM, for 30 minutes). */
  digestAt?: string;
  /** IANA time zone of the digest and maintenance times (Alertmanager `location`). */
  timeZone?: string;
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A maintenance window from the command line: `[WEEKDAYS ]HH:MM-HH:MM`, weekdays as `saturday`,
 * `monday:friday` or `saturday,sunday` (e.g. `sunday 02:00-04:00`).
 */
export function parseMaintenance(text: string): MaintenanceWindow {
  const parts = text.trim().split(/\s+/);
  const span = parts.pop() ?? "";
  const days = parts.join("");
  const [start = "", end = ""] = span.split("-");
  const bad = () =>
    new InputError(
      "slo-maintenance",
      `--maintenance: expected [WEEKDAYS ]HH:MM-HH:MM such as "sunday 02:00-04:00" or "monday:friday 22:00-23:00"`,
    );
  if (!TIME.test(start) || !(TIME.test(end) || end === "24:00") || start >= end) throw bad();
  const weekdays = days ? days.toLowerCase().split(",") : [];
  for (const range of weekdays)
    if (!range.split(":").every((d) => WEEKDAYS.includes(d)) || range.split(":").length > 2)
      throw bad();
  return { weekdays, start, end };
}

function digestEnd(start: string): string {
  const [h, m] = start.split(":").map(Number) as [number, number];
  const minutes = Math.min(h * 60 + m + 30, 24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const ALERTS = `alertname=~"${BURN_ALERT}|${POLICY_ALERT}"`;
const MAINTENANCE = "slo-maintenance";
const DIGEST = "slo-daily-digest";

/**
 * Alertmanager routes, receivers, inhibitions and time intervals for the generated SLO alerts:
 * one route per priority with the escalation timing, higher priorities of an SLO inhibiting its
 * lower ones, P3 held for a daily digest, and everything muted in maintenance windows.
 * `amtool check-config` accepts the result.
 */
export function alertmanagerConfig(options: AlertmanagerOptions = {}): Record<string, unknown> {
  const digestAt = options.digestAt ?? "09:00";
  if (!TIME.test(digestAt))
    throw new InputError("slo-digest", `--digest-at: expected a time such as 09:00`);
  const location = options.timeZone ? { location: options.timeZone } : {};
  const maintenance = options.maintenance ?? [];
  const mute = maintenance.length > 0 ? { mute_time_intervals: [MAINTENANCE] } : {};
  const routes = PRIORITIES.map((priority) => {
    const e = ESCALATION[priority];
    return {
      receiver: `slo-${priority.toLowerCase()}`,
      matchers: [ALERTS, `priority="${priority}"`],
      group_by: priority === "P3" ? ["priority"] : ["slo", "service", "priority"],
      group_wait: e.groupWait,
      group_interval: e.groupInterval,
      repeat_interval: e.repeatInterval,
      ...(priority === "P3" ? { active_time_intervals: [DIGEST] } : {}),
      ...mute,
    };
  });
  const inhibit = PRIORITIES.slice(0, -1).map((priority, i) => ({
    source_matchers: [ALERTS, `priority="${priority}"`, `slo=~".+"`],
    target_matchers: [ALERTS, `priority=~"${PRIORITIES.slice(i + 1).join("|")}"`, `slo=~".+"`],
    equal: ["slo", "service"],
  }));
  const receivers = [
    { name: "slo-default" },
    ...PRIORITIES.map((priority) => {
      const url = options.webhooks?.[priority];
      return {
        name: `slo-${priority.toLowerCase()}`,
        ...(url ? { webhook_configs: [{ url, send_resolved: priority !== "P3" }] } : {}),
      };
    }),
  ];
  const intervals = [
    {
      name: DIGEST,
      time_intervals: [
        { times: [{ start_time: digestAt, end_time: digestEnd(digestAt) }], ...location },
      ],
    },
    ...(maintenance.length > 0
      ? [
          {
            name: MAINTENANCE,
            time_intervals: maintenance.map((w) => ({
              times: [{ start_time: w.start, end_time: w.end }],
              ...(w.weekdays.length > 0 ? { weekdays: w.weekdays } : {}),
              ...location,
            })),
          },
        ]
      : []),
  ];
  return {
    route: {
      receiver: "slo-default",
      group_by: ["alertname", "slo", "service"],
      routes,
    },
    inhibit_rules: inhibit,
    receivers,
    time_intervals: intervals,
  };
}

/** The Alertmanager configuration file, with the SLOs it serves and the policy in a header comment. */
export function formatAlertmanagerConfig(
  slos: readonly Slo[],
  options: AlertmanagerOptions = {},
): string {
  const policy = PRIORITIES.map((p) => `#   ${p}: ${ESCALATION[p].meaning}`).join("\n");
  const names = slos.map((s) => s.name).join(", ");
  const missing = PRIORITIES.filter((p) => !options.webhooks?.[p]);
  const header =
    `# Generated by debtlens slo alertmanager for the SLOs ${names}.\n` +
    `# Escalation policy:\n${policy}\n` +
    (missing.length > 0
      ? `# Receivers ${missing.map((p) => `slo-${p.toLowerCase()}`).join(", ")} have no integration yet: add your pager, chat or ticket system.\n`
      : "");
  return (
    header +
    yamlModule().stringify(alertmanagerConfig(options), {
      lineWidth: 0,
      aliasDuplicateObjects: false,
      version: "1.1",
    })
  );
}
