import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { keepServerClockInSync } from "./live/clock";
import { sessionStore } from "./session/session-store";
import { verifyStoredSession } from "./session/verify-session";
import "./styles.css";

sessionStore.followOtherTabs();
keepServerClockInSync();
void verifyStoredSession();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
