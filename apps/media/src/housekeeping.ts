import { AppIds, AuctionsRoutes, ImagesInUse, imagePath } from "@auction-mesh/contracts";
import type { Logger, Sidecar } from "@auction-mesh/service-kit";
import { leftoverCutoff } from "./domain/image-rules.js";
import type { UploadStore } from "./upload-store.js";
import type { Uploads } from "./uploads.js";

/** Uploads looked at per round (one question to the catalogue each). */
const BATCH = 200;

/**
 * media's housekeeping, run when the cron binding (components/<profile>/cleanup-schedule.yaml)
 * calls: photos uploaded more than `retentionHours` ago that no listing uses are removed, files
 * first. The catalogue says which are used; those are marked and never asked about again.
 */
export class Housekeeping {
  constructor(
    private readonly uploads: Uploads,
    private readonly store: UploadStore,
    private readonly sidecar: Sidecar,
    private readonly retentionHours: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(): Promise<{ removed: number; inUse: number }> {
    const now = this.clock();
    const cutoff = leftoverCutoff(now, this.retentionHours);
    let removed = 0;
    let inUse = 0;
    for (let ids = await this.store.unusedBefore(cutoff, BATCH); ids.length > 0; ids = await this.store.unusedBefore(cutoff, BATCH)) {
      const used = await this.usedOf(ids);
      await this.store.markInUse([...used], now);
      for (const id of ids.filter((id) => !used.has(id))) await this.uploads.remove(id);
      inUse += used.size;
      removed += ids.length - used.size;
    }
    this.logger.info({ removed, inUse, cutoff }, "housekeeping: photo uploads no listing uses removed");
    return { removed, inUse };
  }

  private async usedOf(ids: string[]): Promise<Set<string>> {
    const paths = ids.map((id) => imagePath(id, "display"));
    const { paths: used } = await this.sidecar.invoke(AppIds.auctions, AuctionsRoutes.imagesInUse, { paths }, ImagesInUse);
    const usedPaths = new Set(used);
    return new Set(ids.filter((id) => usedPaths.has(imagePath(id, "display"))));
  }
}
