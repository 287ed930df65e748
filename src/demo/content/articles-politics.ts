// Politics: the Assembly, the government and the parties.
// Fictional people and events, original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, em, h2, image, link, numbered, p, quote } from './block-helpers.js';

export const politicsArticles: DemoArticle[] = [
  {
    slug: 'government-to-put-housing-bill-to-assembly-vote-despite-backbench-unease',
    sectionPath: 'politics',
    kicker: 'Housing',
    headline: 'Government to put housing bill to Assembly vote next week despite backbench unease',
    standfirst:
      'Ministers say the bill will unlock 250,000 homes. Around 30 Civic Party members want changes to the rules on building in the green belt.',
    authorSlugs: ['jonas-lindqvist'],
    topicSlugs: ['housing'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 1,
    hero: image(
      'housing-bill-parliament-hero',
      'parliament',
      2031,
      'Illustration of the front of a stone parliament building with tall arched windows, seen across an empty square in early morning light.',
      "The Assembly in Kessford. The housing bill's second reading is scheduled for next Tuesday.",
    ),
    body: [
      p(
        "The government will ask the Assembly to approve its flagship housing bill next week, the Prime Minister's office confirmed on Friday, despite warnings from about 30 of its own members that they could vote against it unless changes are made.",
      ),
      p(
        'The Planning and Homes Bill would give the national government power to designate "growth zones" where permission to build is granted automatically if a development meets a published design code. Ministers say it would allow 250,000 homes to be built over five years.',
      ),
      p(
        'Critics within the governing Civic Party say the bill would let developers build on protected green belt land with too little say for local councils, and want an amendment that would exclude green belt sites unless a council agrees.',
      ),
      h2('A test of authority'),
      p(
        "The vote will be the largest test so far of Prime Minister Ruth Calloway's authority over her party. With a working majority of 22, the government can survive a rebellion of about ten members, but not thirty.",
      ),
      quote(
        'We all want more homes. We just want them built where the roads, schools and surgeries already are.',
        'Helen Varga, a Civic Party member who is leading the rebels',
      ),
      p(
        'The housing minister, Grace Ellery, spent Thursday meeting groups of backbenchers. Officials said she had offered to strengthen the requirement for new schools and clinics in growth zones but had not agreed to the green belt amendment.',
      ),
      blockquote(
        'This bill is the difference between a generation that can afford a home and one that cannot. I will not let it be watered down until it does nothing.',
        '— Grace Ellery, housing minister, speaking on Thursday',
      ),
      h2('What the bill would do'),
      numbered(
        'Create growth zones where building meeting a national design code is approved automatically.',
        'Require developers to pay a fixed infrastructure levy, replacing site-by-site negotiations.',
        'Set a target for each region, with powers for ministers to intervene where councils fall short.',
      ),
      p(
        "The opposition People's Alliance has said it will vote against the bill, arguing that it does too little for social housing. Its housing spokesperson said the party would table an amendment requiring a third of homes in growth zones to be for social rent.",
      ),
      p([
        'Party whips expect a close vote on Tuesday evening. See our ',
        link('housing coverage', '/topic/housing'),
        ' and ',
        link('latest politics', '/politics'),
        '.',
      ]),
    ],
  },
  {
    slug: 'electoral-commission-proposes-new-constituency-map-for-kessford',
    sectionPath: 'politics',
    kicker: 'Elections',
    headline: 'Electoral commission proposes new constituency map for Kessford',
    standfirst:
      'The capital would gain two seats and several familiar constituencies would disappear under draft boundaries published for consultation.',
    authorSlugs: ['jonas-lindqvist'],
    topicSlugs: ['elections'],
    access: 'registered',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 33,
    hero: image(
      'kessford-boundaries-city-hero',
      'city',
      2032,
      'Illustration of a dense city skyline at night with lit office towers, a river curving through the middle and bridges crossing it.',
      'Kessford, which would gain two Assembly seats under the proposals because of population growth.',
    ),
    body: [
      p(
        'The capital, Kessford, would gain two seats in the Assembly under draft constituency boundaries published by the Electoral Commission on Thursday, reflecting a decade of population growth in the city and its suburbs.',
      ),
      p(
        "The proposals, which will be subject to three months of public consultation, would redraw 41 of the country's 310 constituencies. Most of the changes are in the capital and the fast-growing towns to its south, while two rural seats in the north would be merged.",
      ),
      p(
        'The commission is required by law to review boundaries every ten years so that each constituency has roughly the same number of voters, within five per cent of the national average.',
      ),
      p(
        'The last review, ten years ago, proved contentious after two proposed seats crossed a river that residents said divided natural communities. The commission said it had tried to avoid similar problems this time by following the boundaries of council wards wherever possible, and by keeping islands, valleys and city districts together even where that meant slightly unequal numbers of voters.',
      ),
      h2('Familiar names disappear'),
      p(
        'Several well-known seats would vanish. Kessford Riverside, held by a former finance minister, would be split between two new constituencies, and the historic seat of Old Kessford would be absorbed into a larger Kessford Central.',
      ),
      quote(
        'Boundaries follow people. Where people have moved, representation must move with them.',
        "The commission's chair, Margarethe Olin",
      ),
      p(
        "Analysts said the changes were broadly neutral between the main parties, though the opposition People's Alliance could gain slightly from the new seats in the inner suburbs, where it performed strongly at the last election. The governing Civic Party would lose a notional seat in the north, where the merger of two rural constituencies would combine areas it currently holds. Party officials said they would study the proposals before responding, and several members whose seats would disappear are expected to seek selection in neighbouring constituencies.",
      ),
      h2('How to respond'),
      bullets(
        'Consultation runs for twelve weeks from Monday.',
        'Anyone can comment online or at public hearings in each region.',
        'Revised proposals will be published next year, with final boundaries in place for the following election.',
      ),
      p([
        "The commission's interactive map is available ",
        link('on its website', 'https://example.org/electoral-commission/draft-boundaries'),
        '. Our ',
        link('elections page', '/topic/elections'),
        ' will track the review.',
      ]),
      p(em('Correction: an earlier version of this article gave the number of constituencies affected as 44. It is 41.')),
    ],
  },
  {
    slug: 'public-ownership-of-regional-rail-would-cost-4-2bn-crowns-auditors-say',
    sectionPath: 'politics',
    kicker: 'Transport',
    headline: 'Public ownership of regional rail would cost 4.2bn crowns, auditors say',
    standfirst:
      'The National Audit Office puts the first independent price on a policy that both main parties have flirted with, and warns that savings would take years to appear.',
    authorSlugs: ['jonas-lindqvist', 'priya-raman'],
    topicSlugs: ['transport'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 80,
    hero: image(
      'regional-rail-hills-hero',
      'hills',
      2033,
      'Illustration of a two-carriage train running along a hillside railway above a valley of small fields and stone walls.',
      "A regional train in the northern hills. Three of the five regional operators' contracts expire within four years.",
    ),
    body: [
      p(
        "Bringing the country's five regional rail operators into public ownership would cost about 4.2bn crowns over a decade, the National Audit Office said on Tuesday, in the first independent estimate of a policy that has been debated for years.",
      ),
      p(
        'Most of the cost would come from buying or leasing trains and depots that are currently owned by private companies, the auditors said. Taking over the operating contracts themselves would be relatively cheap if the state waited for them to expire.',
      ),
      p(
        "The report was commissioned by the Assembly's transport committee after both the government and the opposition suggested they might favour a larger public role in running trains.",
      ),
      h2('Savings, eventually'),
      p(
        'The auditors estimated that a single public operator could save between 150m and 250m crowns a year by ending duplicated management, profit margins and the cost of running competitions for contracts. But they warned that savings would not cover the upfront cost for at least 15 years.',
      ),
      p(
        "The report also highlights risks. Public operators elsewhere have sometimes struggled to control costs, and the state would take on pension schemes and maintenance backlogs that are currently the operators' problem. The auditors recommend that any transfer be phased, one region at a time, so that lessons from the first can be applied to the rest.",
      ),
      quote('Ownership is not a timetable. Passengers will judge any change by whether the 7.42 runs on time.', "The report's lead author"),
      h2('What the report found'),
      bullets(
        'Upfront cost: about 4.2bn crowns, mostly for rolling stock and depots.',
        'Annual savings: 150m to 250m crowns once the transition is complete.',
        'Punctuality on regional lines has fallen for four years in a row.',
        'Three of the five contracts expire within four years.',
      ),
      p(
        'The transport minister, Tessa Lund, said the government would "study the report carefully" and that no decision had been made. She noted that three contracts would expire during the current parliament, giving the government a natural moment to decide. The People\'s Alliance said the findings showed public ownership was affordable if phased in as contracts ended.',
      ),
      blockquote(
        'The report confirms what passengers already know: the current system costs a lot and delivers too little.',
        "— The People's Alliance transport spokesperson",
      ),
      p([
        'The operators\' trade body said private investment had paid for most new trains in the last decade and warned against "a costly reorganisation". More on ',
        link('transport', '/topic/transport'),
        '.',
      ]),
    ],
  },
  {
    slug: 'opposition-leader-pledges-energy-price-cap-ahead-of-autumn-conference',
    sectionPath: 'politics',
    kicker: 'Energy',
    headline: 'Opposition leader pledges energy price cap ahead of autumn conference',
    standfirst:
      "Aidan Mercer says a People's Alliance government would limit household bills and fund the cost through a levy on generators' windfall profits.",
    authorSlugs: ['jonas-lindqvist'],
    topicSlugs: ['energy-prices', 'elections'],
    access: 'premium',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 200,
    hero: image(
      'mercer-price-cap-portrait-hero',
      'portrait',
      2034,
      'Stylised portrait illustration of a middle-aged man in a dark jacket and open-necked shirt, looking to one side against a plain blue background.',
      "Aidan Mercer, leader of the People's Alliance, will set out the plan in his conference speech next week.",
    ),
    body: [
      p(
        "The leader of the opposition, Aidan Mercer, has promised that a People's Alliance government would cap household energy bills for two years, paid for by a levy on the profits that electricity generators make when wholesale prices are high.",
      ),
      p(
        "In an interview before his party's autumn conference, Mercer said the cap would hold the typical household bill at about 2,100 crowns a year, roughly 15 per cent below its current level, and would be reviewed annually by the energy regulator.",
      ),
      p(
        'The pledge is the clearest sign yet that the opposition intends to fight the next election on the cost of living. Polls suggest energy bills are the second most important issue for voters, after housing. Party strategists believe the issue resonates particularly in suburban seats that the Alliance lost narrowly at the last election.',
      ),
      h2('How would it be paid for?'),
      p(
        'The party says the levy would apply to generators whose costs have not risen with gas prices, such as older wind farms and hydro plants, which are paid the same wholesale price as gas-fired stations. It estimates the levy would raise about 3bn crowns a year.',
      ),
      quote(
        'Families are paying gas prices for electricity that was never made from gas. That is a loophole, and we will close it.',
        "Aidan Mercer, leader of the People's Alliance",
      ),
      p(
        'The finance minister, Omar Haddad, said the plan would "scare off the very investors we need to build new wind farms" and questioned whether the levy would raise as much as claimed once prices fell. Business groups echoed that warning, saying investors had already been unsettled by frequent changes to energy policy and needed stability to commit to projects that take a decade to build.',
      ),
      h2('Economists divided'),
      p(
        'Independent economists were split. Some said a temporary levy on windfall profits was a reasonable way to share the gains from high prices. Others warned that price caps blunt incentives to save energy and can become expensive if prices rise further.',
      ),
      bullets(
        'Proposed cap: about 2,100 crowns a year for a typical household.',
        'Duration: two years, with annual review.',
        'Funding: a levy expected to raise about 3bn crowns a year.',
      ),
      blockquote(
        'The cap is popular and the levy is plausible. The hard part is what happens when the two years are up.',
        '— Priya Raman, economics editor',
      ),
      p([
        'The plan will be debated at the conference in Greyhope next week. More in our coverage of ',
        link('energy prices', '/topic/energy-prices'),
        ' and ',
        link('elections', '/topic/elections'),
        '.',
      ]),
    ],
  },
];
