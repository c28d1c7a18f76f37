import type { JobRequest, Jobs } from "@auction-mesh/service-kit";
import { describe, expect, it } from "vitest";
import { EndingReminders } from "../../src/ending-reminders.js";

const NOW = Date.parse("2026-11-27T12:00:00.000Z");

function recordingJobs() {
  const scheduled: [string, JobRequest][] = [];
  const jobs = { schedule: async (name: string, job: JobRequest) => void scheduled.push([name, job]) } as unknown as Jobs;
  return { jobs, scheduled };
}

describe("the 'ending soon' job", () => {
  it("is due five minutes before the end, and moves when an extension moves the end", async () => {
    const { jobs, scheduled } = recordingJobs();
    const endings = new EndingReminders(jobs, 300_000, () => NOW);
    await endings.plan("a1", "2026-11-27T12:30:00.000Z");
    await endings.plan("a1", "2026-11-27T12:31:00.000Z");
    expect(scheduled.map(([name, job]) => [name, job.dueTime])).toEqual([
      ["ending-soon-a1", "2026-11-27T12:25:00.000Z"],
      ["ending-soon-a1", "2026-11-27T12:26:00.000Z"],
    ]);
  });

  it("never moves back to an earlier end (a new bidder's plan with the catalogue's first end)", async () => {
    const { jobs, scheduled } = recordingJobs();
    const endings = new EndingReminders(jobs, 300_000, () => NOW);
    await endings.plan("a1", "2026-11-27T12:31:00.000Z");
    await endings.plan("a1", "2026-11-27T12:30:00.000Z");
    expect(scheduled.at(-1)?.[1].dueTime).toBe("2026-11-27T12:26:00.000Z");
  });

  it("schedules nothing when the end is closer than the lead", async () => {
    const { jobs, scheduled } = recordingJobs();
    await new EndingReminders(jobs, 300_000, () => NOW).plan("a1", "2026-11-27T12:04:00.000Z");
    expect(scheduled).toEqual([]);
  });
});
