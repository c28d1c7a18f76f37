/**
 * What the search scenario seeds and asks, from a seeded generator (the same run after run):
 * realistic listings (titles and descriptions from word lists that fit each category, prices
 * spread over four orders of magnitude, statuses mostly live, scheduled or ended, end times
 * spread over months) and a fixed mix of the searches people make.
 */
import { Categories, type Category, type SearchableStatus, type SearchQueryInput } from "@auction-mesh/contracts";

/** mulberry32: small, fast and good enough to spread test data; the same seed gives the same run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, low: number, high: number) => low + rng() * (high - low);

/** A UUID-shaped id (the catalogue's ids are UUIDs), from the generator. */
function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What each category sells: the nouns its titles end in. */
export const NOUNS: Record<Category, readonly string[]> = {
  art: [
    "painting",
    "lithograph",
    "sculpture",
    "etching",
    "watercolor",
    "portrait",
    "landscape",
    "drawing",
    "poster",
    "canvas",
    "bust",
    "woodcut",
  ],
  books: [
    "novel",
    "atlas",
    "encyclopedia",
    "cookbook",
    "manuscript",
    "almanac",
    "biography",
    "anthology",
    "dictionary",
    "hymnal",
    "folio",
    "map",
  ],
  collectibles: ["coin", "stamp", "banknote", "figurine", "postcard", "medal", "badge", "card", "comic", "toy", "train", "snowglobe"],
  electronics: [
    "camera",
    "radio",
    "turntable",
    "amplifier",
    "receiver",
    "laptop",
    "headphones",
    "speaker",
    "synthesizer",
    "projector",
    "console",
    "lens",
  ],
  fashion: ["jacket", "handbag", "scarf", "dress", "coat", "boots", "sneakers", "hat", "belt", "wallet", "sunglasses", "kimono"],
  home: ["lamp", "clock", "vase", "mirror", "chair", "table", "rug", "cabinet", "chandelier", "dresser", "bookcase", "teapot"],
  jewelry: ["ring", "necklace", "bracelet", "brooch", "earrings", "pendant", "watch", "cufflinks", "locket", "tiara", "bangle", "charm"],
  sports: ["bicycle", "racket", "putter", "skis", "snowboard", "jersey", "glove", "surfboard", "kayak", "helmet", "skateboard", "saddle"],
  vehicles: [
    "motorcycle",
    "scooter",
    "roadster",
    "coupe",
    "sedan",
    "pickup",
    "camper",
    "tractor",
    "moped",
    "sidecar",
    "convertible",
    "hatchback",
  ],
  other: [
    "telescope",
    "typewriter",
    "globe",
    "microscope",
    "compass",
    "barometer",
    "sextant",
    "piano",
    "violin",
    "guitar",
    "accordion",
    "harmonica",
  ],
};
export const ADJECTIVES = [
  "vintage",
  "antique",
  "rare",
  "restored",
  "handmade",
  "signed",
  "original",
  "limited",
  "classic",
  "modern",
  "retro",
  "mint",
  "large",
  "small",
  "unused",
  "early",
] as const;
export const MATERIALS = [
  "brass",
  "oak",
  "walnut",
  "silver",
  "gold",
  "leather",
  "porcelain",
  "crystal",
  "copper",
  "bronze",
  "teak",
  "marble",
  "glass",
  "ceramic",
  "wool",
  "chrome",
  "red",
  "blue",
  "green",
  "black",
] as const;
const ORIGINS = ["Danish", "Italian", "French", "Japanese", "English", "German", "Swedish", "American", "Swiss", "Dutch"] as const;
const ERAS = ["1920s", "1930s", "1950s", "1960s", "1970s", "1980s", "1990s", "Victorian", "Edwardian", "Art Deco"] as const;
const MAKERS = [
  "Hansen",
  "Moretti",
  "Laurent",
  "Tanaka",
  "Whitfield",
  "Keller",
  "Lindqvist",
  "Brooks",
  "Favre",
  "Visser",
  "Okafor",
  "Novak",
];
const CONDITIONS = ["excellent", "very good", "good", "fair", "working", "unused", "restored", "original"] as const;
const DETAILS = [
  "minor wear consistent with age",
  "original box and papers",
  "a small chip on the base",
  "a full service last year",
  "a light patina",
  "no visible damage",
  "a maker's mark underneath",
  "the original receipt",
  "some fading in the colours",
  "new batteries",
] as const;
const CITIES = [
  "Copenhagen",
  "Milan",
  "Lyon",
  "Osaka",
  "Bristol",
  "Hamburg",
  "Gothenburg",
  "Boston",
  "Geneva",
  "Utrecht",
  "Porto",
  "Krakow",
];
const FIRST = [
  "Anna",
  "Ben",
  "Chloe",
  "David",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Keiko",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Pavel",
];
const LAST = [
  "Berg",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "Garcia",
  "Hall",
  "Ito",
  "Jensen",
  "Kowalski",
  "Lopez",
  "Martin",
  "Nagy",
  "Olsen",
];

/** One row of search's projection (`documents`), as the scenario inserts it. */
export interface SeedDocument {
  id: string;
  title: string;
  description: string;
  category: Category;
  sellerId: string;
  sellerName: string;
  status: SearchableStatus;
  imageUrl: string | null;
  startingPrice: number;
  currentPrice: number;
  bidCount: number;
  /** The newest bid event applied (column last_sequence). */
  sequence: number;
  startsAt: string;
  endsAt: string;
  createdAt: string;
  winnerId: string | null;
  finalPrice: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Live 40 %, scheduled 20 %, ended 40 % (closed, sold, unsold), as on a busy site. */
function statusOf(rng: Rng): SearchableStatus {
  const r = rng();
  if (r < 0.4) return "live";
  if (r < 0.6) return "scheduled";
  if (r < 0.65) return "closed";
  if (r < 0.9) return "sold";
  return "unsold";
}

/** "A vintage", "An antique". */
const article = (word: string) => `${/^[aeiou]/.test(word) ? "An" : "A"} ${word}`;

function titleOf(rng: Rng, noun: string): string {
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (Math.floor(rng() * 5)) {
    case 0:
      return `${cap(pick(rng, ADJECTIVES))} ${pick(rng, MATERIALS)} ${noun}`;
    case 1:
      return `${pick(rng, ORIGINS)} ${pick(rng, MATERIALS)} ${noun}, ${pick(rng, ERAS)}`;
    case 2:
      return `${cap(pick(rng, ADJECTIVES))} ${noun} by ${pick(rng, MAKERS)}`;
    case 3:
      return `${pick(rng, ERAS)} ${pick(rng, ORIGINS)} ${noun}`;
    default:
      return `${cap(pick(rng, ADJECTIVES))} ${pick(rng, ADJECTIVES)} ${pick(rng, MATERIALS)} ${noun} (${pick(rng, ERAS)})`;
  }
}

/**
 * `count` listings as search's projection holds them, from `seed`; times around `now`. Sellers
 * come from a pool of 2,000 (a seller lists ~50 lots).
 */
export function* seedDocuments(count: number, seed: number, now: number): Generator<SeedDocument> {
  const rng = random(seed);
  const sellers = Array.from({ length: 2_000 }, () => ({ id: uuid(rng), name: `${pick(rng, FIRST)} ${pick(rng, LAST)}` }));
  for (let i = 0; i < count; i++) {
    const category = pick(rng, Categories);
    const noun = pick(rng, NOUNS[category]);
    const seller = pick(rng, sellers);
    const status = statusOf(rng);
    // 5.00 to 20,000.00 (minor units), log-uniform, rounded to whole units.
    const startingPrice = Math.round(Math.exp(between(rng, Math.log(500), Math.log(2_000_000))) / 100) * 100;
    let startsAt: number;
    let endsAt: number;
    if (status === "scheduled") {
      startsAt = now + between(rng, HOUR, 14 * DAY);
      endsAt = startsAt + between(rng, DAY, 10 * DAY);
    } else if (status === "live") {
      startsAt = now - between(rng, HOUR, 7 * DAY);
      endsAt = now + between(rng, 5 * 60_000, 10 * DAY);
    } else {
      endsAt = now - between(rng, HOUR, 90 * DAY);
      startsAt = endsAt - between(rng, DAY, 10 * DAY);
    }
    const createdAt = startsAt - between(rng, 0, 3 * DAY);
    const bidCount =
      status === "scheduled" ? 0 : status === "sold" || status === "closed" ? 1 + Math.floor(rng() * 30) : Math.floor(rng() * 12);
    const currentPrice = bidCount === 0 ? startingPrice : Math.round(startingPrice * (1 + bidCount * between(rng, 0.03, 0.12)));
    const won = status === "sold" || status === "closed";
    yield {
      id: uuid(rng),
      title: titleOf(rng, noun),
      description: `${article(pick(rng, ADJECTIVES))} ${noun} in ${pick(rng, CONDITIONS)} condition, with ${pick(rng, DETAILS)}. From a private collection in ${pick(rng, CITIES)}.`,
      category,
      sellerId: seller.id,
      sellerName: seller.name,
      status,
      imageUrl: rng() < 0.8 ? `/images/listings/${i}.jpg` : null,
      startingPrice,
      currentPrice,
      bidCount,
      sequence: bidCount,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      createdAt: new Date(createdAt).toISOString(),
      winnerId: won ? uuid(rng) : null,
      finalPrice: won ? currentPrice : null,
    };
  }
}

/** The kinds of search in the mix, with their share of it. */
export const QUERY_KINDS = {
  "one word": 0.25,
  "two words": 0.2,
  "misspelled word": 0.15,
  "category + price range": 0.15,
  "word, ending soonest": 0.15,
  "page 2 of a broad word": 0.1,
} as const;
export type QueryKind = keyof typeof QUERY_KINDS;

export interface MixQuery {
  kind: QueryKind;
  query: SearchQueryInput;
}

/**
 * One typo a person makes, past the first two letters (Meilisearch counts a typo in the first
 * letter as two): a swap of neighbours, a letter left out or a letter doubled. The mix misspells
 * words of six letters or more, so the typo keeps the five letters Meilisearch forgives one in.
 */
export function misspell(rng: Rng, word: string): string {
  const at = 2 + Math.floor(rng() * (word.length - 3));
  switch (Math.floor(rng() * 3)) {
    case 0:
      // Swapping two equal letters changes nothing: leave one out instead.
      if (word.charAt(at) !== word.charAt(at + 1)) return word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + word.charAt(at) + word.slice(at);
  }
}

/** `count` searches from `seed`, each kind in its share, in a shuffled order. */
export function queryMix(count: number, seed: number): MixQuery[] {
  const rng = random(seed);
  const nouns = Object.values(NOUNS).flat();
  const words = [...nouns, ...MATERIALS, ...ADJECTIVES];
  const kinds = Object.entries(QUERY_KINDS).flatMap(([kind, share]) =>
    Array.from({ length: Math.round(share * count) }, () => kind as QueryKind),
  );
  while (kinds.length < count) kinds.push("one word");
  kinds.length = count;
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as QueryKind, kinds[i] as QueryKind];
  }
  return kinds.map((kind): MixQuery => {
    switch (kind) {
      case "one word":
        return { kind, query: { q: pick(rng, words) } };
      case "two words":
        return { kind, query: { q: `${pick(rng, [...MATERIALS, ...ADJECTIVES])} ${pick(rng, nouns)}` } };
      case "misspelled word":
        return {
          kind,
          query: {
            q: misspell(
              rng,
              pick(
                rng,
                nouns.filter((n) => n.length >= 6),
              ),
            ),
          },
        };
      case "category + price range": {
        const minPrice = Math.round(Math.exp(between(rng, Math.log(500), Math.log(200_000))) / 100) * 100;
        return { kind, query: { category: pick(rng, Categories), minPrice, maxPrice: minPrice * (2 + Math.floor(rng() * 8)) } };
      }
      case "word, ending soonest":
        return { kind, query: { q: pick(rng, nouns), sort: "ending-soonest" } };
      default:
        return { kind, query: { q: pick(rng, ADJECTIVES), page: 2 } };
    }
  });
}

/** The query as the gateway's query string. */
export function queryString(query: SearchQueryInput): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}
