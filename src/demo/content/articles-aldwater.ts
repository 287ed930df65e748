// Running story: the flooding of the River Ald and the town of Aldwater.
// Fictional events, original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, em, figureOf, h2, image, link, p, quote } from './block-helpers.js';

const evacuationMap = image(
  'aldwater-second-crest-river',
  'river',
  2101,
  'Illustration of a swollen brown river running level with its banks, with rooftops and a stone bridge half submerged under a heavy grey sky.',
  'The Ald at the town bridge on Thursday evening, a few hours before the second evacuation order.',
);

const gorgeChart = image(
  'ald-river-level-chart',
  'chart',
  2102,
  'Chart-style illustration of a rising line graph: river height climbs steeply over two days, levels briefly, then climbs again past a dashed line marking the flood barrier height.',
  'River height at the Ald Bridge gauge over five days. The dashed line shows the top of the 1970s barrier.',
  'Graphic: Masthead data desk',
);

export const aldwaterArticles: DemoArticle[] = [
  {
    slug: 'aldwater-evacuation-widened-as-river-ald-forecast-to-peak-again',
    sectionPath: 'politics',
    kicker: 'Aldwater floods',
    headline: 'Aldwater evacuation widened as River Ald forecast to peak again overnight',
    standfirst:
      'About 1,100 more residents told to leave as fresh rain on the Corran Fells sends a second surge down the valley towards the already flooded town.',
    authorSlugs: ['callum-reid'],
    topicSlugs: ['aldwater-floods', 'climate'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 2,
    updatedHoursAfterPublication: 1.5,
    hero: image(
      'aldwater-second-crest-hero',
      'river',
      2001,
      'Illustration of flooded terraced streets beneath a grey sky, with water reaching the window sills of a row of small houses.',
      'Floodwater in the Lowgate district of Aldwater, where residents were told to leave for the second time in five days.',
    ),
    inlineImages: [evacuationMap],
    body: [
      p(
        'Emergency services widened the evacuation zone in Aldwater on Thursday evening after forecasters warned that the River Ald would rise again overnight, possibly above the level that flooded the town centre earlier in the week.',
      ),
      p(
        'About 1,100 residents in the Eastbank and Tanners Row areas were told to leave their homes by 10pm, in addition to the 600 people who have been unable to return since Monday. The Rivers Authority issued a fresh severe flood warning, its highest category, shortly after 6pm.',
      ),
      p(
        'Forecasters said up to 40mm of rain could fall on the Corran Fells, the upland moors that feed the Ald, before dawn. With the ground already saturated, most of that water is expected to reach the town within eight to twelve hours.',
      ),
      h2('"We are asking people not to wait"'),
      p(
        'The leader of Ald Valley Council, Bronwen Tull, said the decision had been taken early to avoid evacuations in the dark. Buses were waiting at the Market Square and the council said it had space for 1,500 people at the leisure centre and at two schools on higher ground.',
      ),
      quote(
        'We would rather move people tonight and be wrong than wait until the water is at the door.',
        'Bronwen Tull, leader of Ald Valley Council',
      ),
      p(
        'Police officers went door to door in Tanners Row, a street of narrow stone cottages close to the river, where several older residents had refused to leave on Monday. One, a retired postman who gave his name as Dennis, said he was going this time. "I watched the water come up the stairs. I won\'t do that twice," he said.',
      ),
      figureOf(evacuationMap),
      h2('What residents have been told'),
      bullets(
        'Leave by 10pm if you live in Eastbank, Tanners Row, Lowgate or Mill Street.',
        'Take medicines, documents, phone chargers and warm clothes; pets are accepted at the leisure centre.',
        'Do not drive through floodwater: the Ald Bridge and the Ferry Lane underpass are closed.',
        ['Updates are posted by the council and on our ', link('Aldwater floods page', '/topic/aldwater-floods'), '.'],
      ),
      p(
        "Engineers said temporary barriers installed along the Quayside on Wednesday should hold a river level similar to Monday's, but could be overtopped if the forecast rainfall arrives in a single burst. The army has been asked to provide sandbags and two high-volume pumps.",
      ),
      p(
        'The second surge comes a day after ministers announced an emergency fund for the town. Opposition members in the Assembly said the widened evacuation showed that the response had to go further. The environment minister, Pieter Vos, is expected to visit Aldwater on Friday morning if roads allow.',
      ),
      p(em("This article was updated at 7.30pm with the council's shelter capacity and the confirmed evacuation deadline.")),
    ],
  },
  {
    slug: 'ministers-promise-emergency-fund-for-aldwater-after-three-days-of-flooding',
    sectionPath: 'politics',
    kicker: 'Aldwater floods',
    headline: 'Ministers promise emergency fund for Aldwater after three days of flooding',
    standfirst:
      'A 60m-crown package will pay for cleaning, temporary housing and business grants, but local leaders say the defences the town was promised matter more.',
    authorSlugs: ['jonas-lindqvist', 'callum-reid'],
    topicSlugs: ['aldwater-floods', 'housing'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 20,
    hero: image(
      'aldwater-fund-hero',
      'parliament',
      2002,
      'Illustration of a columned parliament building at dusk with lit windows and a flag on the roof.',
      'The Assembly in Kessford, where the environment minister set out the emergency package on Wednesday.',
    ),
    body: [
      p(
        'The government will provide 60m crowns in emergency support for Aldwater and the surrounding Ald valley, the environment minister told the Assembly on Wednesday, three days after the river flooded hundreds of homes and most of the town centre.',
      ),
      p(
        'Pieter Vos said the money would be available within a fortnight and would cover the cost of cleaning and drying homes, temporary accommodation for families who cannot return, and grants of up to 10,000 crowns for small businesses that were flooded.',
      ),
      p(
        "He also announced that council tax would be waived for six months for affected households, and that the government would underwrite the council's extra spending on shelters and waste collection.",
      ),
      h2('Questions over the flood wall'),
      p(
        'The statement was received politely on both sides of the chamber, but several members pressed the minister on the Ald Valley flood defence scheme, a 140m-crown plan for a new wall and upstream storage ponds that was approved a decade ago and then postponed twice.',
      ),
      blockquote(
        "Members will understand that no scheme could have been completed in time for this week's rainfall. But I have asked officials to review the timetable for Aldwater, and I will report back to the house before the summer.",
        '— Pieter Vos, environment minister, in the Assembly',
      ),
      p(
        'The member for Ald Valley, Martha Quinn, who sits for the opposition People\'s Alliance, said the town did not need another review. "We have had three. What we need is a start date," she said.',
      ),
      quote('We have had three reviews. What we need is a start date.', 'Martha Quinn, member for Ald Valley'),
      h2('What the package includes'),
      bullets(
        '25m crowns for cleaning, drying and repairing homes, paid through the council.',
        '15m crowns for temporary housing, including short lets and caravans.',
        '12m crowns in grants for flooded shops, pubs and workshops.',
        "8m crowns for roads, bridges and the council's emergency costs.",
      ),
      p([
        "Aldwater has been flooded before, most seriously in the 1960s, but residents say this week's water rose faster than anything in living memory. Our ",
        link('science desk explains why', '/science'),
        ' the river behaved the way it did.',
      ]),
      p(
        'Officials said the government would also ask insurers to speed up claims, and that a named case worker would be assigned to every flooded household that requests one.',
      ),
    ],
  },
  {
    slug: 'why-the-ald-rose-so-fast-saturated-uplands-and-a-narrow-gorge',
    sectionPath: 'science',
    kicker: 'Aldwater floods',
    headline: 'Why the Ald rose so fast: hydrologists point to saturated uplands and a narrow gorge',
    standfirst:
      'The river climbed two metres in nine hours. Scientists say a wet winter, bare moorland and the shape of the valley below the town combined to make it worse.',
    authorSlugs: ['hana-sato'],
    topicSlugs: ['aldwater-floods', 'climate'],
    access: 'registered',
    agencyCredit: '',
    publishedHoursAgo: 45,
    hero: image(
      'ald-gorge-hills-hero',
      'hills',
      2003,
      'Illustration of steep green hills folding into a narrow valley, with low cloud resting on the tops and a thin river at the bottom.',
      "The Corran Fells above Aldwater, where most of the week's rain fell.",
    ),
    inlineImages: [gorgeChart],
    body: [
      p(
        "When the gauge at Aldwater's town bridge began to climb on Sunday night, it did not rise gradually. Between 11pm and 8am the next morning, the River Ald rose by just over two metres, one of the fastest increases recorded on any river in the country.",
      ),
      p(
        'Hydrologists who study the valley say there was no single cause. Instead, three things lined up: a winter of almost unbroken rain, a catchment that sheds water unusually quickly, and a narrow rock gorge downstream of the town that acts like a partly closed tap.',
      ),
      p(
        '"Each one on its own is manageable," said Dr Nadia Ferrante, who leads the river research group at the University of Kessford. "Together, they turn a heavy weekend into a flood."',
      ),
      h2('A sponge that was already full'),
      p(
        'The Corran Fells, the moorland that drains into the Ald, had received 160 per cent of its average rainfall since November. Soil that would normally soak up a storm was already saturated, so almost all of the 70mm that fell on Saturday and Sunday ran straight off into streams.',
      ),
      p(
        'Large parts of the fells were drained for grazing in the last century, with straight ditches cut across the peat. Those ditches move water downhill far faster than the boggy ground did before.',
      ),
      figureOf(gorgeChart),
      h2('The bottleneck below the town'),
      p(
        'About two kilometres below Aldwater, the river passes through Cullen Gorge, where the channel narrows to less than fifteen metres. At normal levels this causes no trouble. In a flood, the gorge cannot pass water as fast as it arrives, and the river backs up into the town like a bath with a half-blocked drain.',
      ),
      quote(
        'The gorge decides how high the water gets in Aldwater. The rain only decides how much arrives.',
        'Dr Nadia Ferrante, University of Kessford',
      ),
      p([
        'The researchers stressed that a single flood cannot be attributed to climate change without detailed study. But they noted that the wettest winters in the Ald gauge record, which goes back to the 1930s, have become more frequent. Read more in our ',
        link('coverage of climate science', '/topic/climate'),
        '.',
      ]),
      p([
        'The Rivers Authority has published its ',
        link('gauge data for the Ald', 'https://example.org/rivers/ald-bridge'),
        ', and the university group plans to release a fuller analysis of the event within two months. For the latest news from the town, see ',
        link('our running coverage', '/topic/aldwater-floods'),
        '.',
      ]),
    ],
  },
  {
    slug: 'aldwater-businesses-count-cost-as-insurers-open-emergency-claims-lines',
    sectionPath: 'business',
    kicker: 'Aldwater floods',
    headline: 'Aldwater businesses count cost as insurers open emergency claims lines',
    standfirst:
      'About 140 shops, cafés and workshops were flooded. Owners say the bigger worry is whether they can get cover at all once the water has gone.',
    authorSlugs: ['priya-raman', 'callum-reid'],
    topicSlugs: ['aldwater-floods'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 62,
    hero: image(
      'aldwater-high-street-hero',
      'market',
      2004,
      'Illustration of a row of small shopfronts with striped awnings, the pavement in front covered by a sheet of muddy water.',
      'Shops on Bridge Street, Aldwater, on Tuesday. Most will stay closed for weeks.',
    ),
    body: [
      p(
        'Insurers opened emergency claims lines for the Ald valley on Tuesday as business owners in Aldwater returned to find mud, sodden stock and ruined equipment in about 140 shops, cafés and workshops along the river.',
      ),
      p(
        'The industry body, the Association of General Insurers, said its members would send loss adjusters to the town within 48 hours and would make emergency payments of up to 5,000 crowns to policyholders before claims were assessed.',
      ),
      p(
        'For many traders, the more pressing concern is the future. Several said they had struggled to find flood cover since the last serious flood warning five years ago, and feared premiums would now become unaffordable.',
      ),
      h2('"Everything below the counter is gone"'),
      p(
        'At Harrow & Daughters, a hardware shop on Bridge Street that has traded since 1911, Ruth Harrow was carrying sodden boxes of screws and paint out to a skip. The water had reached a metre inside the shop.',
      ),
      quote('Everything below the counter is gone. Everything above it, I can sell, if anyone can get here.', 'Ruth Harrow, shop owner'),
      p(
        'She said her policy covered stock but not lost trade, which she expected to be worse. The Ald Bridge, which carries most traffic into the town centre, remains closed while engineers inspect its foundations.',
      ),
      p(
        'Further along Bridge Street, the owner of the Kingfisher café, Tomasz Nowak, said he had moved his coffee machine and fridges upstairs on Sunday night after watching the river from his window. "I saved the machines and lost the floor, the walls and the wiring," he said. An electrician had told him it would be at least six weeks before the building was safe to reopen.',
      ),
      h2('The cover question'),
      p(
        'Household flood insurance is supported by a national reinsurance pool that keeps premiums affordable for homes in high-risk areas. There is no equivalent scheme for small businesses, a gap that trade associations have lobbied to close for years.',
      ),
      bullets(
        'About 140 business premises were flooded, according to Ald Valley Council.',
        'The local chamber of commerce estimates losses of 20m to 30m crowns, excluding lost trade.',
        'Roughly one in five affected businesses is thought to have no flood cover.',
      ),
      p([
        "The economics of flood insurance are likely to feature in the wider debate about the town's defences. Follow the story on our ",
        link('Aldwater floods page', '/topic/aldwater-floods'),
        ' and in ',
        link('Business', '/business'),
        '.',
      ]),
      p(
        'The chamber of commerce has set up a hardship fund and said two supermarkets and a regional brewery had already pledged donations.',
      ),
    ],
  },
  {
    slug: 'river-ald-bursts-banks-in-aldwater-as-hundreds-leave-homes',
    sectionPath: 'politics',
    kicker: 'Aldwater floods',
    headline: 'River Ald bursts banks in Aldwater as hundreds leave homes',
    standfirst:
      "The town's 1970s flood barrier was overtopped before dawn on Monday after two days of heavy rain, flooding streets on both sides of the river.",
    authorSlugs: ['callum-reid'],
    topicSlugs: ['aldwater-floods', 'climate'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 88,
    updatedHoursAfterPublication: 6,
    commentsEnabled: false,
    hero: image(
      'ald-banks-burst-hero',
      'river',
      2005,
      'Illustration of a wide river spilling over a low wall onto a road, with a line of bare trees and a church tower in the background under dark clouds.',
      'The River Ald spilling over the Quayside barrier in Aldwater early on Monday.',
    ),
    body: [
      p(
        "About 600 people were forced to leave their homes in Aldwater early on Monday after the River Ald overtopped the town's flood barrier, sending water into streets on both sides of the river.",
      ),
      p(
        'The Rivers Authority said the barrier, built in the 1970s, was overtopped at about 4.40am after two days of heavy rain on the Corran Fells. By 7am water was more than a metre deep in parts of the Lowgate district and on Mill Street.',
      ),
      p(
        'No deaths or serious injuries had been reported by Monday afternoon. Firefighters used boats to reach about 40 people, including residents of a care home on Ferry Lane who were moved to a hospital in the neighbouring town of Greyhope.',
      ),
      h2('Shelters on higher ground'),
      p(
        "Ald Valley Council opened the town's leisure centre and St Brannan's school as rest centres. Volunteers from local churches and the rugby club were handing out blankets and hot food throughout the morning.",
      ),
      quote(
        'It came up the street like a tide. We had twenty minutes to get the children and the dog into the car.',
        'Sara Okonjo, a resident of Mill Street',
      ),
      p(
        'The main road bridge into the town was closed, and rail services between Aldwater and Kessford were suspended after water covered the track near Cullen Gorge.',
      ),
      p(
        "At the leisure centre, rows of camp beds had been laid out across the sports hall by mid-morning. Council staff were registering arrivals and matching families with relatives elsewhere in the valley who had offered spare rooms. A nurse from the town's health centre was checking on older residents who had left without their medication, and a local pharmacy had opened early to fill emergency prescriptions.",
      ),
      h2('What we know so far'),
      bullets(
        'Around 600 people have left their homes; about 350 properties are thought to be flooded.',
        'The Rivers Authority has issued severe flood warnings for Aldwater and two villages downstream.',
        'Schools in the town will be closed until at least Wednesday.',
        'More rain is forecast later in the week, though less than fell over the weekend.',
      ),
      p(
        'The environment minister, Pieter Vos, said he had spoken to the leader of the council and that the government would "stand behind" the town. He is expected to make a statement to the Assembly.',
      ),
      p([
        'We will follow this story over the coming days on our ',
        link('Aldwater floods page', '/topic/aldwater-floods'),
        '. Comments are closed on this article while emergency operations continue.',
      ]),
    ],
  },
  {
    slug: 'aldwater-flood-defences-were-postponed-twice-the-bill-for-delay-has-arrived',
    sectionPath: 'opinion',
    kicker: 'Comment',
    headline: "Aldwater's flood defences were postponed twice. The bill for delay has arrived",
    standfirst:
      'Every government that deferred the Ald Valley scheme had a sensible-sounding reason. Added together, they left a town underwater.',
    authorSlugs: ['jonas-lindqvist'],
    topicSlugs: ['aldwater-floods', 'climate'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 16,
    hero: image(
      'aldwater-defences-comment-hero',
      'city',
      2006,
      'Illustration of a small town skyline of pitched roofs and a church spire reflected in still floodwater at dusk.',
      'Aldwater at dusk on Tuesday, with the flood still covering the lower town.',
    ),
    body: [
      p(
        'There is a folder in the archive of Ald Valley Council that anyone can ask to see. It contains the plans for a new flood wall along the Quayside, a set of storage ponds on the Corran Fells, and a raised section of the Ferry Lane road. The drawings are neat, the costings careful. They were approved ten years ago.',
      ),
      p(
        'The scheme was first postponed in a spending review that needed savings and found them in projects that had not yet started. It was postponed again when construction costs rose and the business case, recalculated, fell just below the threshold that the finance ministry uses to decide what gets built.',
      ),
      p(
        'Neither decision was scandalous. Each was defended in the Assembly, in good faith, by ministers who had harder choices in front of them. That is precisely the problem.',
      ),
      h2('The arithmetic of not doing things'),
      p(
        'Infrastructure appraisal is good at measuring what a project costs and poor at measuring what its absence costs. A flood wall that is not built produces no invoice. The invoice arrives later, addressed to someone else: to homeowners, to insurers, to the council, to the shopkeepers of Bridge Street.',
      ),
      quote('A flood wall that is not built produces no invoice. The invoice arrives later, addressed to someone else.', 'Jonas Lindqvist'),
      p(
        "This week's emergency package of 60m crowns is welcome and necessary. It is also not far off half of the entire cost of the scheme that was deferred. Add the insurance losses and the weeks of lost trade, and it is likely that delay has already cost more than building would have.",
      ),
      h2('What should happen now'),
      bullets(
        'Publish the timetable for the Ald Valley scheme within a month, with a start date rather than a review.',
        "Change the appraisal rules so that repeated near-misses raise a scheme's priority instead of leaving it in a queue.",
        'Fund the upland work on the fells, which is cheap and quick, without waiting for the wall.',
      ),
      p([
        'The environment minister has promised to report back "before the summer". Aldwater has heard versions of that sentence before. Our reporters\' coverage of the town is collected on the ',
        link('Aldwater floods page', '/topic/aldwater-floods'),
        '; what is missing from it, so far, is a date.',
      ]),
    ],
  },
];
