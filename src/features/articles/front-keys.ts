// Which front a `front_slots` row belongs to: `home`, or a section's by its
// id (not its path), so a renamed or moved section keeps its curated stories.
export const HOME_FRONT = 'home';

export function sectionFrontKey(sectionId: number): string {
  return `section:${sectionId}`;
}
