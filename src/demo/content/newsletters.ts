// The demo paper's newsletters and a few past issues of each, for their web
// archives: a daily briefing open to registered readers (issues built from
// the demo's articles) and a Premium-only weekly letter (issues written for
// it). Fictional, and written for Masthead.
import type { Block } from '../../features/articles/articles.types.js';
import { p } from './block-helpers.js';

export interface DemoNewsletter {
  slug: string;
  name: string;
  description: string;
  frequency: string;
  senderName: string;
  access: 'registered' | 'premium';
  sendTime: string;
  isBriefing: boolean;
  /** Oldest first; `daysAgo` is when it was sent. */
  issues: { subject: string; preheader: string; daysAgo: number; articleSlugs?: string[]; body?: Block[] }[];
}

export const demoNewsletters: DemoNewsletter[] = [
  {
    slug: 'morning-briefing',
    name: 'The Morning Briefing',
    description: 'The stories that matter before your first coffee: five minutes, every morning, made from our front page.',
    frequency: 'Every morning at 06:30',
    senderName: 'The Morning Briefing',
    access: 'registered',
    sendTime: '06:30',
    isBriefing: true,
    issues: [
      {
        subject: 'The Ald rises, and the questions begin',
        preheader: 'Evacuations widen; insurers open emergency lines',
        daysAgo: 3,
        articleSlugs: [
          'river-ald-bursts-banks-in-aldwater-as-hundreds-leave-homes',
          'aldwater-businesses-count-cost-as-insurers-open-emergency-claims-lines',
        ],
      },
      {
        subject: 'Why the river came so fast',
        preheader: 'Saturated uplands, a narrow gorge and a postponed wall',
        daysAgo: 2,
        articleSlugs: [
          'why-the-ald-rose-so-fast-saturated-uplands-and-a-narrow-gorge',
          'aldwater-flood-defences-were-postponed-twice-the-bill-for-delay-has-arrived',
        ],
      },
      {
        subject: 'An emergency fund, and a second peak',
        preheader: 'Ministers promise money as the forecast turns again',
        daysAgo: 1,
        articleSlugs: [
          'ministers-promise-emergency-fund-for-aldwater-after-three-days-of-flooding',
          'aldwater-evacuation-widened-as-river-ald-forecast-to-peak-again',
          'wage-growth-outpaces-inflation-for-first-time-in-two-years',
        ],
      },
    ],
  },
  {
    slug: 'the-ledger',
    name: 'The Ledger',
    description: 'Our business editor on the week’s money stories: what the figures say, and what the press releases leave out.',
    frequency: 'Every Friday',
    senderName: 'The Ledger',
    access: 'premium',
    sendTime: '17:00',
    isBriefing: false,
    issues: [
      {
        subject: 'Forty shops, one van',
        preheader: 'What a supermarket closing stores is really betting on',
        daysAgo: 8,
        body: [
          p('Forty stores is a big number until you set it beside the delivery fleet the same chain has quietly doubled since spring.'),
          p(
            'The closures read as retreat. The van orders read as a wager: that a town centre shop is now a warehouse with a till, and that the till is the expensive part.',
          ),
          p('Watch the leases, not the headlines. Where the chain keeps a site but shrinks the floor, it is building a depot, not a shop.'),
        ],
      },
      {
        subject: 'Pay rises, at last — for some',
        preheader: 'Wages beat prices for the first time in two years',
        daysAgo: 1,
        body: [
          p('For the first time in two years, the average pay packet grew faster than the prices it has to cover.'),
          p(
            'Averages hide the shape. The gains sit mostly with people who changed jobs; those who stayed put are still, in real terms, slightly behind where they were.',
          ),
          p('If you are negotiating this winter, the number to quote is not the headline rate but the one for people moving roles.'),
        ],
      },
    ],
  },
];
