import sharp from "sharp";

/** A real photo for a file input (setInputFiles): a PNG of two colours, made on the spot. */
export async function testPhoto(name: string, width = 800, height = 600): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: "#b45309" } })
    .composite([
      { input: { create: { width: Math.floor(width / 2), height: Math.floor(height / 2), channels: 3, background: "#1e3a8a" } } },
    ])
    .png()
    .toBuffer();
  return { name, mimeType: "image/png", buffer };
}
