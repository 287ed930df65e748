// The demo paper's virtual events: original text. Times are relative to the
// moment the demo is loaded, so the events are always ahead (or, for the one
// with a recording, just behind). Stream and recording addresses are on
// example domains: the demo sends no one anywhere real.
export interface DemoEvent {
  slug: string;
  title: string;
  description: string;
  /** Hours from the demo's load to the start (negative: in the past). */
  startsInHours: number;
  durationMinutes: number;
  capacity: number;
  access: 'registered' | 'premium';
  speakerSlugs: string[];
  streamUrl: string;
  recordingUrl?: string;
  recordingAccess?: 'free' | 'registered' | 'premium';
}

export const demoEvents: DemoEvent[] = [
  {
    slug: 'behind-the-budget-live',
    title: 'Behind the budget: ask our politics desk',
    description:
      'Our political editor walks through the spending plans line by line: who wins, who pays, and which promises the numbers quietly drop.\n\nBring your questions; we will take as many as the hour allows.',
    startsInHours: 72,
    durationMinutes: 60,
    capacity: 200,
    access: 'registered',
    speakerSlugs: ['amara-okafor', 'callum-reid'],
    streamUrl: 'https://stream.example.org/masthead-demo/budget-room',
  },
  {
    slug: 'reporting-from-the-coast',
    title: 'Reporting from the coast: a correspondent’s notebook',
    description:
      'Three weeks along a shoreline that is moving inland. Our correspondent shares the notebooks, the photographs that did not make the paper, and what residents asked us to keep watching.',
    startsInHours: 240,
    durationMinutes: 75,
    capacity: 150,
    access: 'registered',
    speakerSlugs: ['hana-sato'],
    streamUrl: 'https://stream.example.org/masthead-demo/coast-room',
  },
  {
    slug: 'how-we-check-a-story',
    title: 'How we check a story before it runs',
    description:
      'From the first tip to the last correction: our standards editor and a reporter take one published investigation apart and show every check it passed.',
    startsInHours: -24 * 12,
    durationMinutes: 60,
    capacity: 300,
    access: 'registered',
    speakerSlugs: ['priya-raman', 'jonas-lindqvist'],
    streamUrl: 'https://stream.example.org/masthead-demo/standards-room',
    recordingUrl: 'https://video.example.org/masthead-demo/how-we-check-a-story',
    recordingAccess: 'registered',
  },
];
