// World / Europe: Valdoria, Fenmark and the Norrland Strait.
// Fictional events, original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, figureOf, h2, image, link, p, quote } from './block-helpers.js';

const ferryDeck = image(
  'strait-ferry-harbour-inline',
  'harbour',
  2111,
  'Illustration of a large car ferry moored at a harbour wall, with cranes, bollards and a grey, choppy sea beyond.',
  'A ferry loading at Lestra. Operators say up to a quarter of winter sailings could be cancelled.',
);

const lestraCranes = image(
  'lestra-terminal-cranes-inline',
  'harbour',
  2112,
  'Illustration of tall container cranes lined up along a quay at sunset, with stacks of coloured containers in the foreground.',
  'The new Brightwater terminal in Lestra, whose cranes are operated remotely from a control room two kilometres away.',
);

export const europeArticles: DemoArticle[] = [
  {
    slug: 'valdoria-coalition-talks-collapse-over-pension-age',
    sectionPath: 'world/europe',
    kicker: 'Valdoria',
    headline: "Valdoria's coalition talks collapse over pension age",
    standfirst:
      'Five weeks after an inconclusive election, the Union for Progress and the Green Forum fail to agree on raising the retirement age, raising the prospect of a second vote.',
    authorSlugs: ['amara-okafor'],
    topicSlugs: ['elections'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 6,
    updatedHoursAfterPublication: 2,
    hero: image(
      'valdoria-talks-parliament-hero',
      'parliament',
      2011,
      'Illustration of a domed parliament building on a square, with a few figures crossing in front of it under a pale morning sky.',
      'The National Chamber in Castrel, where negotiators met for the last time on Tuesday night.',
    ),
    body: [
      p(
        'Talks to form a new government in the Republic of Valdoria collapsed on Tuesday night after the two largest parties failed to agree on whether to raise the state pension age, five weeks after an election that left no party close to a majority.',
      ),
      p(
        'Teodor Vasko, leader of the centre-right Union for Progress, said his party could not enter a coalition that ruled out raising the retirement age from 65 to 67 over the next decade. The Green Forum, led by Mira Anstel, had made keeping the current age a condition of any deal.',
      ),
      p(
        "The breakdown leaves the caretaker government in place and makes a second election in the spring more likely. Under Valdoria's constitution, the president must now invite another party leader to try to form a majority.",
      ),
      h2('A gap that never closed'),
      p(
        "Negotiators had reached provisional agreement on most of a 90-page programme, including a housing investment plan and a timetable for closing the country's last coal-fired power station. Pensions were left until last, a decision both sides now say was a mistake.",
      ),
      quote(
        'We agreed on the hard things and then discovered that the hardest thing was the one we had postponed.',
        'A senior Union for Progress negotiator',
      ),
      p(
        'Valdoria spends a larger share of its national income on pensions than most of its neighbours, and the finance ministry has warned that the cost will rise sharply as a large post-war generation retires. The Green Forum argues that manual workers, who tend to die younger, would pay the price of a higher age.',
      ),
      blockquote(
        'Raising the age is not reform. It is a pay cut for people who lay bricks and clean hospitals, presented as arithmetic.',
        '— Mira Anstel, speaking to reporters in Castrel',
      ),
      h2('What happens next'),
      bullets(
        "The president has seven days to name a new formateur, most likely from the third-placed Farmers' League.",
        'If no government is formed within 60 days, a new election must be held.',
        'The caretaker government cannot introduce a budget, so current spending limits continue.',
      ),
      p([
        'Markets reacted calmly, with Valdorian bond yields barely moving on Wednesday morning. For background on the campaign, see our ',
        link('elections coverage', '/topic/elections'),
        ' and the rest of our reporting from ',
        link('Europe', '/world/europe'),
        '.',
      ]),
      p(
        "Update: the president's office said on Wednesday afternoon that she would meet all party leaders on Thursday before naming a formateur.",
      ),
    ],
  },
  {
    slug: 'norrland-strait-ferry-operators-warn-of-winter-cuts-as-fuel-costs-climb',
    sectionPath: 'world/europe',
    kicker: 'Energy',
    headline: 'Norrland Strait ferry operators warn of winter cuts as fuel costs climb',
    standfirst: 'Island communities fear being cut off as operators say a quarter of sailings may not cover the cost of marine fuel.',
    authorSlugs: ['amara-okafor'],
    topicSlugs: ['energy-prices', 'transport'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 26,
    hero: image(
      'norrland-strait-ferry-hero',
      'harbour',
      2012,
      'Illustration of a small ferry crossing a wide grey strait, with a low rocky island and a lighthouse in the distance.',
      'A ferry crossing the Norrland Strait. Some routes to the outer islands run only twice a day in winter.',
    ),
    inlineImages: [ferryDeck],
    body: [
      p(
        'Ferry companies operating across the Norrland Strait have warned that they may cancel up to a quarter of their winter sailings unless governments help with the rising cost of marine fuel, a move that island residents say would leave them dangerously isolated.',
      ),
      p(
        "The three main operators, which together carry about four million passengers a year between Fenmark, Valdoria and the strait's outer islands, said fuel now accounted for almost 40 per cent of their running costs, up from a quarter two years ago.",
      ),
      p(
        'In a joint letter to transport ministers, they asked for a temporary fuel subsidy for routes that serve islands without a bridge or airport, and for permission to reduce timetables on routes where there are alternatives.',
      ),
      h2('"The ferry is our road"'),
      p(
        'On Skarra, an island of 2,300 people at the northern end of the strait, the ferry is the only way to reach a hospital, a secondary school or a supermarket larger than a corner shop.',
      ),
      quote(
        'The ferry is our road. Nobody on the mainland would accept a road that closed one day in four.',
        'Liv Aasen, chair of the Skarra community council',
      ),
      figureOf(ferryDeck),
      p(
        'Operators say the problem is especially acute in winter, when passenger numbers fall but boats must still run with full crews and burn more fuel in heavy seas. The largest company, Stratline, said it lost money on every crossing to the outer islands between November and March last year.',
      ),
      h2('Governments divided'),
      p(
        "Fenmark's transport ministry said it was studying the letter and was open to targeted support. Valdoria, which is governed by a caretaker administration after its coalition talks failed, said it could not commit new spending until a government was formed.",
      ),
      bullets(
        'About four million passengers cross the strait each year.',
        'Eleven inhabited islands have no fixed link to the mainland.',
        'Operators want help only for "lifeline" routes, estimated to cost 18m crowns a winter.',
      ),
      p([
        'The dispute is part of a wider argument across the region about who pays for higher ',
        link('energy prices', '/topic/energy-prices'),
        ". Environmental groups say the long-term answer is electric and hybrid ferries, which are already in service on two short routes, but the boats take years to build. The operators' letter is published ",
        link('here', 'https://example.org/strait-operators-letter'),
        '.',
      ]),
    ],
  },
  {
    slug: 'valdorian-farmers-block-border-crossings-in-protest-at-grain-import-rules',
    sectionPath: 'world/europe',
    kicker: 'Trade',
    headline: 'Valdorian farmers block border crossings in protest at grain import rules',
    standfirst:
      'Tractors closed three crossings for a second day as growers said cheaper imported wheat was pushing prices below the cost of production.',
    authorSlugs: ['amara-okafor'],
    topicSlugs: ['trade'],
    access: 'registered',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 90,
    hero: image(
      'valdoria-farmers-hills-hero',
      'hills',
      2013,
      'Illustration of rolling golden farmland with a narrow road winding between fields towards distant blue hills.',
      'Wheat country in southern Valdoria, where many of the protesting farmers are based.',
    ),
    body: [
      p(
        "Hundreds of farmers drove tractors onto three of Valdoria's main border crossings on Thursday, blocking lorry traffic for a second day in protest at rules that allow duty-free grain imports from outside the regional trade bloc.",
      ),
      p(
        'Queues of freight vehicles stretched for more than 20 kilometres on the motorway north of Castrel, and hauliers said perishable goods were being turned back. Passenger cars and emergency vehicles were allowed through.',
      ),
      p(
        'The growers say a surge of cheaper imported wheat has pushed prices at the farm gate below what it costs them to grow it. The price of milling wheat in Valdoria has fallen by almost a third in eighteen months.',
      ),
      h2('Anger at the rules, not the neighbours'),
      p(
        'Organisers were careful to say their protest was aimed at their own government and at the bloc\'s trade commission in Castrel, not at farmers in other countries. Many of the tractors carried banners reading "Fair rules, not free rules".',
      ),
      quote(
        'We are not asking for a wall. We are asking for the same standards on what comes in as on what we grow.',
        'Dragan Pellić, a wheat grower from the Sava plain',
      ),
      p(
        'Farmers in the bloc must meet strict rules on pesticides and animal welfare. Protesters argue that some imported grain is produced under looser standards and should face checks or quotas.',
      ),
      h2("The caretaker government's dilemma"),
      p(
        "The protest puts Valdoria's caretaker government in a difficult position. It cannot change trade rules alone, and, after the collapse of coalition talks this week, has limited authority to promise new money. The agriculture minister offered to meet organisers on Friday.",
      ),
      blockquote(
        "The government understands the farmers' frustration. It also has a duty to keep the country's borders open to trade.",
        '— Statement from the Valdorian agriculture ministry',
      ),
      bullets(
        'Three crossings were blocked: Tormos, Velika Brana and the motorway crossing at Hesk.',
        'Milling wheat prices have fallen by about 30 per cent in eighteen months.',
        "The Farmers' League, which came third in the recent election, has backed the protest.",
      ),
      p([
        "The dispute may shape the next attempt to form a government, since the Farmers' League is now expected to be asked to lead talks. More from our ",
        link('Europe correspondent', '/world/europe'),
        ' and our ',
        link('trade coverage', '/topic/trade'),
        '.',
      ]),
    ],
  },
  {
    slug: 'inside-lestra-where-a-new-container-terminal-is-reshaping-a-city',
    sectionPath: 'world/europe',
    kicker: 'The long read',
    headline: 'Inside Lestra, where a new container terminal is reshaping a city',
    standfirst:
      "Valdoria's biggest port has automated its newest quay. The ships are bigger, the jobs are fewer, and the old docklands are filling with flats.",
    authorSlugs: ['amara-okafor'],
    topicSlugs: ['trade', 'transport'],
    access: 'premium',
    agencyCredit: '',
    publishedHoursAgo: 150,
    hero: image(
      'lestra-port-city-hero',
      'city',
      2014,
      'Illustration of a port city at dusk: apartment towers and warehouses along a waterfront, with cranes silhouetted behind them.',
      "Lestra's old docklands, where warehouses are being converted into flats a short distance from the new terminal.",
    ),
    inlineImages: [lestraCranes],
    body: [
      p(
        'At six in the morning, the control room of the Brightwater terminal in Lestra is almost silent. Twenty-two operators sit in front of banks of screens, each guiding a crane two kilometres away as it lifts containers off a ship longer than four football pitches.',
      ),
      p(
        'Ten years ago, the same work would have needed more than three times as many people, most of them in cabs high above the quay. Today the cranes are driven remotely and the yard vehicles that carry boxes to the stacks drive themselves.',
      ),
      p(
        'The terminal, which opened last year, has made Lestra the busiest container port on the Norrland Strait. It has also changed the city that grew up around the docks, in ways that people here are still arguing about.',
      ),
      h2('Bigger ships, fewer hands'),
      p(
        "The port authority says the terminal was essential. The newest container ships are too large for Lestra's older quays, and without Brightwater they would have sailed past to ports in Fenmark. Throughput has risen by 40 per cent since it opened.",
      ),
      figureOf(lestraCranes),
      p(
        "Employment has moved in the opposite direction. The dockers' union says about 900 jobs on the quays have gone over a decade, partly offset by new roles in maintenance and logistics. Most of those who left were offered early retirement; younger workers say there is little for them to step into.",
      ),
      quote(
        'My father knew every crane driver by name. I know the login screen.',
        'Petar Halinski, a remote crane operator at Brightwater',
      ),
      h2('A waterfront for someone else'),
      p(
        "As cargo moved to the new quay, the old docks a few kilometres upstream fell quiet. The city council has sold much of the land to developers, and the brick warehouses along the Canal Basin are being turned into flats, offices and a food hall. Rents in the surrounding district of Old Harbour have risen by about half in five years, according to a tenants' group, and many former dock families have moved to suburbs further out.",
      ),
      blockquote(
        'We were told the port would bring prosperity. It did. It just did not bring it here.',
        "— Nadia Ristić, Old Harbour tenants' association",
      ),
      h2('What comes next'),
      p(
        'The port authority plans a second automated quay by the end of the decade, and is studying shore power so that ships can switch off their engines at berth. The city is drafting rules that would require a share of new dockland homes to be let at below-market rents.',
      ),
      p([
        'Lestra is not unique: ports across the region face the same trade-offs. Read more of our ',
        link('trade reporting', '/topic/trade'),
        ' and our ',
        link('Europe coverage', '/world/europe'),
        '.',
      ]),
    ],
  },
  {
    slug: 'northern-states-agree-shared-grid-link-under-the-norrland-strait',
    sectionPath: 'world/europe',
    kicker: 'Energy',
    headline: 'Northern states agree shared grid link under the Norrland Strait',
    standfirst:
      'A 300-kilometre cable will let wind power flow between five countries, which say it could cut bills and reduce the need for gas-fired backup.',
    authorSlugs: ['amara-okafor', 'hana-sato'],
    topicSlugs: ['energy-prices', 'climate'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 220,
    hero: image(
      'strait-grid-link-snow-hero',
      'snow',
      2015,
      'Illustration of a snowy coastline with a row of wind turbines on a ridge and a frozen bay in the foreground.',
      'Wind turbines on the Fenmark coast. Much of the power for the new link will come from sites like this one.',
    ),
    body: [
      p(
        'Five northern governments have agreed to build a shared electricity cable beneath the Norrland Strait, in what officials described as the largest joint energy project in the region for a generation.',
      ),
      p(
        'The 300-kilometre link will connect the grids of Fenmark, Valdoria and three neighbouring states, allowing wind and hydro power to flow to wherever demand is highest. Construction is due to start in two years, with the first power flowing by the end of the decade.',
      ),
      p(
        'Ministers meeting in the Fenmark port of Halsby said the cable would cost about 4bn crowns, shared according to a formula based on how much each country is expected to use it.',
      ),
      h2('Why the link matters'),
      p(
        'The countries around the strait have added large amounts of wind power in recent years, but their grids are poorly connected. On windy days, turbines are often switched off because the power cannot be moved; on calm days, gas plants must make up the difference.',
      ),
      quote(
        'Today the wind blows in one country and the bills rise in another. This cable joins them up.',
        "Fenmark's energy minister, Anja Holm",
      ),
      bullets(
        'Length: about 300km, mostly on the seabed.',
        'Capacity: enough to supply roughly two million homes at peak.',
        'Estimated cost: 4bn crowns, to be partly financed by a regional investment bank.',
        'Expected completion: by the end of the decade.',
      ),
      p(
        "Analysts said the effect on household bills would be modest at first but could grow as more offshore wind is built. A study for the governments estimated that the link would reduce the region's gas use for power by about a tenth.",
      ),
      p(
        'Engineers said the cable would use high-voltage direct current, which loses less power over long distances than the alternating current used on land. Converter stations will be built at each end, and the line will be buried in trenches cut into the seabed wherever the water is shallow enough for trawlers to snag an exposed cable. It will be the longest link of its kind in the region.',
      ),
      h2('Concerns at sea'),
      p(
        'Fishing organisations have asked for the cable route to avoid spawning grounds in the central strait, and environmental groups want guarantees that construction will be paused during seal pupping season. Officials said a full environmental assessment would be published before work begins.',
      ),
      p([
        'The agreement follows months of talks complicated by political uncertainty in Valdoria. For more, see our coverage of ',
        link('energy prices', '/topic/energy-prices'),
        ' and ',
        link('climate', '/topic/climate'),
        '.',
      ]),
    ],
  },
];
