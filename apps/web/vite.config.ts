import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** In dev the gateway (port 7200) answers the API and the live socket; in production it serves dist/ itself. */
const gateway = "http://127.0.0.1:7200";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    proxy: {
      "/api": { target: gateway, changeOrigin: true },
      "/socket.io": { target: gateway, ws: true, changeOrigin: true },
    },
  },
});
