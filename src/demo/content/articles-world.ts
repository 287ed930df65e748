// World, Americas and Asia Pacific. Fictional countries and events,
// original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, figureOf, h2, image, link, p, quote } from './block-helpers.js';

const kanoaTrain = image(
  'kanoa-rail-viaduct-inline',
  'forest',
  2121,
  'Illustration of a sleek white train crossing a high viaduct over a forested valley, with mist rising between the trees.',
  'The new line crosses the Ohura valley on a 1.2km viaduct, the longest on the route.',
);

export const worldArticles: DemoArticle[] = [
  {
    slug: 'san-aurelio-votes-in-runoff-with-water-shortages-on-the-ballot',
    sectionPath: 'world/americas',
    kicker: 'San Aurelio election',
    headline: 'San Aurelio votes in runoff with water shortages on the ballot',
    standfirst:
      'A former central banker and a provincial governor compete for the presidency after a year in which taps in the capital ran dry for days at a time.',
    authorSlugs: ['mateo-alvarez'],
    topicSlugs: ['elections', 'climate'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 12,
    hero: image(
      'san-aurelio-runoff-city-hero',
      'city',
      2021,
      'Illustration of a hillside city in warm afternoon light, with pastel houses stacked above a wide avenue.',
      'The capital, Ciudad Aurelio, where rationing cut water to some districts for up to four days a week last summer.',
    ),
    body: [
      p(
        'Voters in the Republic of San Aurelio go to the polls on Sunday to choose between two candidates with very different answers to the question that has dominated the campaign: how to keep water flowing in a country whose reservoirs have been running low for three years.',
      ),
      p(
        'Lucía Ferreyra, a former deputy governor of the central bank, led the first round with 41 per cent of the vote. She promises to attract private investment in desalination plants on the Pacific coast and to raise water tariffs for the largest industrial users.',
      ),
      p(
        'Her opponent, Tomás Benavides, governor of the agricultural province of Alta Sierra, took 33 per cent. He wants to build two new dams in the highlands and has pledged that household water bills will not rise during his term.',
      ),
      h2('A campaign shaped by the taps'),
      p(
        'Last summer, rationing left some districts of the capital, Ciudad Aurelio, without mains water for up to four days a week. Tankers queued in the streets and schools closed early. Both candidates have visited the worst-affected neighbourhoods repeatedly.',
      ),
      quote(
        'People here do not ask about left or right. They ask which of them will fill the tank on the roof.',
        'Rosa Medina, a community organiser in the district of San Telmo',
      ),
      p(
        'Hydrologists say the shortages are the product of lower rainfall in the highlands and decades of underinvestment in pipes, which lose an estimated 35 per cent of treated water through leaks. Neither candidate has made repairing the network the centre of their plan, though both mention it.',
      ),
      h2('What is at stake'),
      bullets(
        'The president serves a single six-year term and appoints the head of the national water authority.',
        "The new government will decide whether to renew the concession for the Maravilla canal, the country's biggest source of foreign income.",
        'Polls suggest about 15 per cent of voters are undecided.',
      ),
      p(
        'Turnout in the first round was 71 per cent, high by regional standards. Voting is compulsory for citizens aged 18 to 70, though the fine for abstaining is small. Both campaigns spent the final week courting voters in the populous coastal provinces, where the third-placed candidate, an independent, did well. She has declined to endorse either finalist, telling supporters to vote for whoever offers a credible plan for water and the canal.',
      ),
      p([
        'Results are expected late on Sunday. Our correspondent will report from Ciudad Aurelio; more from the ',
        link('Americas', '/world/americas'),
        ' and our ',
        link('elections coverage', '/topic/elections'),
        '.',
      ]),
    ],
  },
  {
    slug: 'drought-forces-shipping-limits-on-the-maravilla-canal',
    sectionPath: 'world/americas',
    kicker: 'Trade',
    headline: 'Drought forces shipping limits on the Maravilla canal',
    standfirst:
      'The canal authority will cut daily crossings and the maximum depth of ships as the lake that feeds its locks falls to a record low.',
    authorSlugs: ['mateo-alvarez'],
    topicSlugs: ['trade', 'climate'],
    access: 'registered',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 130,
    hero: image(
      'maravilla-canal-river-hero',
      'river',
      2022,
      'Illustration of a wide canal between dry, brown banks, with a single cargo ship moving slowly through the middle and exposed mud along the edges.',
      "The approach to the Maravilla canal's upper locks, where the water level has dropped by more than two metres.",
    ),
    body: [
      p(
        "The authority that runs San Aurelio's Maravilla canal said on Monday it would reduce the number of ships allowed through each day from 34 to 24 and lower the maximum permitted depth of vessels, after the lake that supplies its locks fell to its lowest level on record.",
      ),
      p(
        'The restrictions, which take effect next week, are expected to add days to journeys between the Atlantic and Pacific and increase costs for shipping lines, which may choose to send some vessels on much longer routes.',
      ),
      p(
        "Each ship that passes through the canal's locks uses millions of litres of fresh water from Lake Oriana, a reservoir in the hills above the waterway. Rainfall in the lake's catchment has been below average for three consecutive years.",
      ),
      h2('Ships lighter, queues longer'),
      p(
        'The new draft limit means the largest container ships must carry fewer boxes to sit higher in the water. Shipping analysts estimate that some vessels will have to leave behind up to a fifth of their cargo or transfer it by rail across the isthmus.',
      ),
      quote(
        "Water is now the canal's scarcest cargo. Every decision we make starts with the level of the lake.",
        'Ernesto Ruiz, administrator of the Maravilla Canal Authority',
      ),
      p(
        'Waiting times for ships without a booked slot have already risen to about nine days. Some operators have bid several million crowns at auction for priority crossings.',
      ),
      p(
        'Shipping lines have begun to respond. Two of the largest container carriers said they would route some services around the southern cape, adding about ten days to journeys between the two oceans, and would pass part of the extra cost on to customers through a surcharge. Exporters of fruit and grain, whose cargoes are time-sensitive, said they were the most exposed.',
      ),
      h2('Competing claims on the lake'),
      p(
        "Lake Oriana also supplies drinking water to more than two million people, including much of the capital. The canal authority has promised that household supply will take priority, a pledge tested during last summer's rationing.",
      ),
      blockquote(
        'We cannot have ships going through while our taps are dry. The water belongs to the people first.',
        "— Statement from a coalition of residents' groups in Ciudad Aurelio",
      ),
      bullets(
        'Daily crossings cut from 34 to 24.',
        'Maximum ship draft reduced by about a metre.',
        'The authority is studying a second reservoir and water-saving locks that reuse part of each fill.',
      ),
      p([
        "The restrictions come as the country chooses a new president whose government will decide the canal's future investment. See our ",
        link('trade coverage', '/topic/trade'),
        ' and reporting from the ',
        link('Americas', '/world/americas'),
        '.',
      ]),
    ],
  },
  {
    slug: 'ketara-islands-declare-state-of-emergency-as-cyclone-mele-approaches',
    sectionPath: 'world/asia-pacific',
    kicker: 'Cyclone Mele',
    headline: 'Ketara Islands declare state of emergency as Cyclone Mele approaches',
    standfirst:
      'Residents of low-lying atolls are being moved to the main island as forecasters warn of winds of up to 200km/h and a storm surge of three metres.',
    authorSlugs: ['mateo-alvarez'],
    topicSlugs: ['climate'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 40,
    updatedHoursAfterPublication: 4,
    commentsEnabled: false,
    hero: image(
      'ketara-cyclone-harbour-hero',
      'harbour',
      2023,
      'Illustration of a small island harbour under a dark, swirling sky, with fishing boats pulled up on the shore and palm trees bending in the wind.',
      'Boats hauled ashore at Tavu, the main harbour of the Ketara Islands, ahead of the cyclone.',
    ),
    body: [
      p(
        'The government of the Ketara Islands declared a state of emergency on Tuesday as Cyclone Mele strengthened over the western Pacific, with forecasters warning that it could pass directly over the archipelago within 36 hours.',
      ),
      p(
        'The regional meteorological centre said the storm was carrying sustained winds of 170km/h and could intensify further before landfall, bringing gusts of up to 200km/h and a storm surge of as much as three metres in low-lying areas.',
      ),
      p(
        'About 4,000 people living on the outer atolls, some of which rise no more than two metres above sea level, are being moved by boat to evacuation centres on the main island of Tavu. Schools and churches have been turned into shelters.',
      ),
      h2('Race against the weather'),
      p(
        'Officials said the evacuation had to be completed by Wednesday afternoon, when seas were expected to become too rough for the small vessels that serve the outer islands. The national disaster office said it had enough food and water in shelters for a week.',
      ),
      quote(
        'We have done this before. But the storms are coming stronger, and our islands are not getting any higher.',
        'Sione Talakai, director of the Ketara national disaster office',
      ),
      p(
        "Neighbouring states and two regional aid agencies have placed relief supplies on standby. The islands' only international airport will close on Wednesday morning.",
      ),
      p(
        'On the outer atoll of Nukulai, families packed what they could carry into plastic drums and waited on the jetty for the government boat. Many have been through evacuations before, but residents said this storm felt different because of the warnings about the surge. Some older people at first refused to leave and were persuaded by church ministers who travelled out with the boats.',
      ),
      h2('Preparing for the surge'),
      bullets(
        'About 4,000 residents of outer atolls are being evacuated to Tavu.',
        'All flights are suspended from Wednesday morning.',
        'Power will be switched off in coastal areas before landfall to reduce the risk of fires.',
        'Fishing boats have been ordered to return to port.',
      ),
      p([
        'The Ketara Islands, with a population of about 60,000, have become a prominent voice in international climate talks. Their government argues that wealthy countries should pay more towards the cost of adaptation and recovery. Read more in our ',
        link('climate coverage', '/topic/climate'),
        '.',
      ]),
      p(
        'Update: the meteorological centre said late on Tuesday that Mele had been upgraded to a category 4 storm. Comments are closed on this article.',
      ),
    ],
  },
  {
    slug: 'kanoa-high-speed-rail-line-opens-after-a-decade-of-delays',
    sectionPath: 'world/asia-pacific',
    kicker: 'Transport',
    headline: "Kanoa's high-speed rail line opens after a decade of delays",
    standfirst:
      'The 420km line cuts the journey between Port Hira and Tesmanvale from seven hours to under two, but cost almost twice the original estimate.',
    authorSlugs: ['mateo-alvarez'],
    topicSlugs: ['transport'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 180,
    hero: image(
      'kanoa-rail-city-hero',
      'city',
      2024,
      'Illustration of a modern railway station with a curved glass roof in the centre of a city of tall buildings, under a clear blue sky.',
      'Port Hira Central, the northern terminus of the new line.',
    ),
    inlineImages: [kanoaTrain],
    body: [
      p(
        "The first passenger trains ran on the Federation of Kanoa's high-speed line on Saturday, ten years after construction began and six years later than originally planned.",
      ),
      p(
        "The 420-kilometre route links Port Hira, the country's largest city and main port, with the inland capital, Tesmanvale. Trains travelling at up to 300km/h will make the journey in one hour and 52 minutes, compared with about seven hours on the old line and five by road.",
      ),
      p(
        'Thousands of people queued at Port Hira Central for the first departure at 6am. Tickets for the opening weekend, offered at half price, sold out within an hour of going on sale.',
      ),
      h2('A long road to the platform'),
      p(
        'The project was beset by problems almost from the start. Tunnelling through the Ohura range took three years longer than expected after engineers encountered unstable rock, and a dispute with landowners in the central provinces went to the Supreme Court twice.',
      ),
      figureOf(kanoaTrain),
      p(
        'The final cost is estimated at about 96bn crowns, nearly double the figure presented to parliament when the line was approved. An audit last year criticised the transport ministry for approving design changes without updating the budget.',
      ),
      quote(
        'Nobody will remember the delays in twenty years. They will remember that the country got smaller.',
        "Kanoa's transport minister, Elena Marama",
      ),
      h2('Will people use it?'),
      p(
        'Forecasts suggest about 18 million journeys a year once services are fully running, many of them switching from domestic flights. Two airlines have already reduced flights between the cities.',
      ),
      p(
        "Fares have also drawn criticism. Although the cheapest advance tickets are competitive with flights, a fully flexible return costs roughly a week's pay for a worker on the minimum wage. The operator said it would introduce discounts for students and pensioners in the new year, and that prices would fall as more trains entered service.",
      ),
      bullets(
        'Journey time: 1 hour 52 minutes, down from about seven hours.',
        'Trains every 30 minutes at peak times, hourly otherwise.',
        'Standard fares start at roughly the price of a discounted flight.',
      ),
      blockquote(
        'The line is a triumph of engineering and a warning about budgeting. Both of those things can be true.',
        '— From an editorial in the Tesmanvale Herald',
      ),
      p([
        'Critics say rural communities along the old line will lose services as operators focus on the new route. More from the ',
        link('Asia Pacific', '/world/asia-pacific'),
        ' desk and our ',
        link('transport coverage', '/topic/transport'),
        '.',
      ]),
    ],
  },
  {
    slug: 'coastal-states-agree-fisheries-pact-after-all-night-talks-in-port-aveline',
    sectionPath: 'world',
    kicker: 'Oceans',
    headline: 'Coastal states agree fisheries pact after all-night talks in Port Aveline',
    standfirst:
      'Thirty-one governments commit to shared catch limits for migrating tuna and a satellite register of fishing vessels, but critics say enforcement is weak.',
    authorSlugs: ['mateo-alvarez', 'hana-sato'],
    topicSlugs: ['trade', 'climate'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 300,
    hero: image(
      'port-aveline-fisheries-harbour-hero',
      'harbour',
      2025,
      'Illustration of a busy fishing harbour at dawn, with trawlers moored side by side and gulls circling over the masts.',
      'Fishing boats in Port Aveline, where delegates met for the annual Council of Coastal States.',
    ),
    body: [
      p(
        'Delegates from 31 governments agreed early on Friday to set shared catch limits for migrating tuna and to create a public register of fishing vessels tracked by satellite, after talks in Port Aveline ran through the night.',
      ),
      p(
        "The agreement, reached at the annual meeting of the Council of Coastal States, is the first to cover all the main countries that fish the Sable Current, one of the world's richest tuna grounds. Stocks there have fallen by about half in 25 years, according to the council's scientific committee.",
      ),
      p(
        'Under the deal, each country will receive a quota based on its historical catch, with an extra allowance for small island states whose economies depend on fishing. Quotas will be reviewed every three years.',
      ),
      p(
        'The talks nearly collapsed on Thursday evening over how to count the catch of long-distance fleets that fish in the region but are based elsewhere. A compromise, brokered shortly after 3am, gives those fleets a combined share that will shrink by two per cent a year unless stocks recover. Several delegates were seen asleep in the corridors of the conference centre before the final session.',
      ),
      h2('A register of every boat'),
      p(
        'The most significant change, observers said, is the vessel register. From next year, every boat above 24 metres fishing in the region must carry a satellite transponder and appear on a public list, making it harder for vessels to switch flags or fish without a licence.',
      ),
      quote(
        'For the first time, a fisherman in a small boat will be able to see who is fishing beside him, and whether they have the right to.',
        "The council's chair, Amadou Sarr",
      ),
      h2('What the deal does not do'),
      p(
        'Environmental groups welcomed the register but said the catch limits were higher than the scientific committee had recommended, and that the agreement relied on each country to police its own fleet.',
      ),
      bullets(
        'No independent observers will be required on board.',
        'Penalties for breaking quotas are left to national governments.',
        'Two major fishing nations signed with reservations that allow them to exceed limits in their own waters.',
      ),
      blockquote(
        'It is a better deal than none, and a worse deal than the fish needed.',
        '— A delegate from one of the small island states',
      ),
      p([
        'The full text is expected to be published ',
        link("on the council's website", 'https://example.org/coastal-states/port-aveline-agreement'),
        ' next week. More from our ',
        link('World', '/world'),
        ' desk.',
      ]),
    ],
  },
];
