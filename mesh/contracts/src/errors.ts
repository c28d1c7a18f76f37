import { z } from "zod";

/** Every 4xx/5xx body in the mesh: a stable machine-readable code plus a human message. */
export const ApiErrorBody = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
