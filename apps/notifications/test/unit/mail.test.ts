import { describe, expect, it } from "vitest";
import { renderMail } from "../../src/domain/mail.js";
import { DEFAULT_EMAIL, preferencesOf } from "../../src/domain/preferences.js";

const contact = { userId: "ann", email: "ann@example.com", displayName: "Ann <b>" };

describe("the e-mail of a notification", () => {
  it("addresses the person, links into the web app, and escapes people's text in the HTML", () => {
    const mail = renderMail(
      { title: "You won “<script>”", body: "Your bid of $35.00 won & more", link: "/auctions/a1", kind: "won" },
      contact,
      "http://127.0.0.1:7200",
    );
    expect(mail.to).toBe("ann@example.com");
    expect(mail.subject).toBe("You won “<script>”");
    expect(mail.html).toContain("You won “&lt;script&gt;”");
    expect(mail.html).toContain("Hello Ann &lt;b&gt;,");
    expect(mail.html).toContain("$35.00 won &amp; more");
    expect(mail.html).toContain('href="http://127.0.0.1:7200/auctions/a1"');
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("Open: http://127.0.0.1:7200/auctions/a1");
  });

  it("keeps a subject on one line whatever the title holds", () => {
    const mail = renderMail({ title: "Line\r\nBcc: x@y.z", body: "", link: "/", kind: "won" }, contact, "http://h");
    expect(mail.subject).toBe("Line Bcc: x@y.z");
  });
});

describe("e-mail preferences", () => {
  it("lists every kind, the person's choices over the defaults", () => {
    const prefs = preferencesOf(new Map([["lost", true] as const, ["won", false] as const]));
    expect(prefs.email.lost).toBe(true);
    expect(prefs.email.won).toBe(false);
    expect(prefs.email["payment-due"]).toBe(DEFAULT_EMAIL["payment-due"]);
    expect(Object.keys(prefs.email)).toHaveLength(Object.keys(DEFAULT_EMAIL).length);
  });
});
