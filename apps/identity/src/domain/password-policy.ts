import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

const zxcvbn = new ZxcvbnFactory({
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...english.dictionary },
  translations: english.translations,
});

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn score 0-4; 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordVerdict {
  ok: boolean;
  warning: string;
  suggestions: string[];
}

/**
 * Judges a password by how guessable it is (zxcvbn: dictionaries, keyboard patterns, dates,
 * repeats), not by character-class rules, and never accepts one that contains the user's
 * own e-mail or name.
 */
export function judgePassword(password: string, userInputs: string[]): PasswordVerdict {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      warning: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
      suggestions: ["A few unrelated words make a long, memorable password."],
    };
  }
  const result = zxcvbn.check(
    password,
    userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3),
  );
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true, warning: "", suggestions: [] };
  return {
    ok: false,
    warning: result.feedback.warning || "This password is too easy to guess.",
    suggestions:
      result.feedback.suggestions.length > 0 ? result.feedback.suggestions : ["Add another word or two; uncommon words are better."],
  };
}
