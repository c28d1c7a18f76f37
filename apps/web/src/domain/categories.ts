import { Categories, type Category } from "@auction-mesh/contracts";

const LABELS: Record<Category, string> = {
  art: "Art",
  books: "Books",
  collectibles: "Collectibles",
  electronics: "Electronics",
  fashion: "Fashion",
  home: "Home & garden",
  jewelry: "Jewelry",
  sports: "Sports",
  vehicles: "Vehicles",
  other: "Other",
};

export function categoryLabel(category: Category): string {
  return LABELS[category];
}

/** Every category with its display name, in the contract's order (for select boxes). */
export const categoryOptions: { value: Category; label: string }[] = Categories.map((value) => ({ value, label: LABELS[value] }));
