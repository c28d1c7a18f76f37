import { MarkReadResult, NotificationPage, NotificationPreferences, type PreferencesUpdate } from "@auction-mesh/contracts";
import { apiRequest, query } from "./http";

export const getNotifications = (before: number | undefined, limit = 20, signal?: AbortSignal) =>
  apiRequest(`/api/notifications${query({ before, limit })}`, { schema: NotificationPage, ...(signal ? { signal } : {}) });

export const markNotificationsRead = (which: { ids: number[] } | { all: true }) =>
  apiRequest("/api/notifications/read", { method: "POST", body: which, schema: MarkReadResult });

export const getPreferences = (signal?: AbortSignal) =>
  apiRequest("/api/notifications/preferences", { schema: NotificationPreferences, ...(signal ? { signal } : {}) });

export const updatePreferences = (update: PreferencesUpdate) =>
  apiRequest("/api/notifications/preferences", { method: "PUT", body: update, schema: NotificationPreferences });
