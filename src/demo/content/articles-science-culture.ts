// Science and Culture. Fictional people, books and productions,
// original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, em, figureOf, h2, image, link, p, quote } from './block-helpers.js';

const seaIce = image(
  'lumen-2-sea-ice-inline',
  'snow',
  2151,
  'Illustration of a white, cracked expanse of sea ice seen from above, with dark channels of open water running through it.',
  "An artist's rendering based on one of Lumen-2's first images: leads of open water in the ice north of the Norrland Strait.",
);

const lighthouseCoast = image(
  'salt-road-lighthouse-inline',
  'harbour',
  2152,
  'Illustration of a lighthouse on a rocky headland at twilight, its beam crossing a calm sea.',
  'The Salt Road is set on a fictional headland where one family kept the light for three generations.',
);

export const scienceCultureArticles: DemoArticle[] = [
  {
    slug: 'kessford-built-satellite-lumen-2-sends-first-images-of-arctic-sea-ice',
    sectionPath: 'science',
    kicker: 'Space',
    headline: 'Kessford-built satellite Lumen-2 sends first images of Arctic sea ice',
    standfirst:
      'The small radar satellite, designed by a university spin-off, can see through cloud and darkness and will map the ice every six hours.',
    authorSlugs: ['hana-sato'],
    topicSlugs: ['space', 'climate'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 18,
    hero: image(
      'lumen-2-satellite-snow-hero',
      'snow',
      2051,
      'Illustration of a snowy polar landscape under a dark sky filled with stars, with a small bright satellite crossing overhead.',
      'Lumen-2 passes over the Arctic every 95 minutes.',
    ),
    inlineImages: [seaIce],
    body: [
      p(
        'A radar satellite built in Kessford has sent back its first images of Arctic sea ice, three weeks after it was launched, its operators said on Monday.',
      ),
      p(
        'Lumen-2, which is about the size of a washing machine, was designed and built by Lumen Orbital, a company founded by researchers from the University of Kessford. Unlike optical cameras, its radar can see through cloud and during the months-long polar night.',
      ),
      p(
        "The first images show cracks, or leads, opening in the ice north of the Norrland Strait, and the edge of the pack where it meets open water. Scientists say they are sharp enough to pick out features about three metres across. One shows a ship's track cutting through thin new ice, a detail the coastguard said would help it monitor traffic in remote waters.",
      ),
      h2('Watching the ice every six hours'),
      p(
        'Lumen-2 will work alongside its predecessor, launched two years ago, so that together they can image the same patch of ice every six hours. That is frequent enough to track how ice moves with wind and currents, which matters for shipping and for weather forecasts. Existing radar coverage of the region often leaves gaps of several days.',
      ),
      figureOf(seaIce),
      quote(
        'Sea ice is not a sheet. It is a moving, breaking, refreezing surface, and until now we have mostly seen it in snapshots.',
        'Dr Anneli Korpela, chief scientist at Lumen Orbital',
      ),
      p(
        'Data from the satellites will be made freely available to researchers and to the coastguard, which uses ice charts to route ships through the northern strait in winter.',
      ),
      p(
        'Lumen Orbital was founded six years ago by four researchers who had worked on radar instruments for much larger government satellites. By building small spacecraft from commercial components, they say they can launch a satellite for about a twentieth of the cost of a traditional mission, accepting a shorter lifetime in return.',
      ),
      h2('Lumen-2 in brief'),
      bullets(
        'Mass: 110kg. Orbit: about 560km above the Earth.',
        'Resolution: around three metres.',
        'Design life: five years.',
        'Built by a team of 48 people in Kessford.',
      ),
      p([
        'The company plans to launch two more satellites next year, which would cut the gap between images of the same area to about three hours. See the first images ',
        link("on Lumen Orbital's site", 'https://example.org/lumen-orbital/first-light'),
        ', and more in our ',
        link('space coverage', '/topic/space'),
        '.',
      ]),
    ],
  },
  {
    slug: 'peat-bog-restoration-stores-more-carbon-than-expected-study-finds',
    sectionPath: 'science',
    kicker: 'Climate',
    headline: 'Peat bog restoration stores more carbon than expected, ten-year study finds',
    standfirst:
      'Blocking drainage ditches on upland moors turned them from a source of carbon into a sink within six years, and slowed the flow of water into rivers.',
    authorSlugs: ['hana-sato'],
    topicSlugs: ['climate', 'aldwater-floods'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 26,
    hero: image(
      'peat-bog-forest-hero',
      'forest',
      2052,
      'Illustration of a wet moorland edge where pools of dark water lie among mosses and heather, with a line of pine trees behind.',
      "Restored bog on the Corran Fells, where the study's monitoring stations are located.",
    ),
    body: [
      p(
        'Restoring damaged upland peat bogs locks away carbon faster than scientists had assumed, according to a ten-year study published on Wednesday, which also found that restored moors released rainwater into rivers more slowly.',
      ),
      p(
        'Researchers from the University of Kessford monitored two areas of the Corran Fells, the moorland above the River Ald: one where old drainage ditches were blocked with peat dams, and one left as it was. The team installed instruments on both sites before any work began, so that the two areas could be compared year by year under the same weather.',
      ),
      p(
        'Within six years, the restored area had stopped releasing carbon and begun absorbing it. By the end of the study it was taking up about two tonnes of carbon dioxide per hectare each year, roughly 40 per cent more than earlier estimates.',
      ),
      h2('Slower water'),
      p(
        'The study also measured how quickly rain reached streams. On the restored moor, the peak flow after heavy rain arrived about 90 minutes later and was about a fifth lower than on the drained area.',
      ),
      p(
        'Restoration is relatively cheap. Blocking ditches and replanting bare peat across the whole of the Corran Fells would cost about 12m crowns, the researchers estimate, less than a tenth of the price of the proposed flood wall in Aldwater. Landowners would need compensation for lost grazing, however, and some farmers have been wary of schemes that change how their land can be used.',
      ),
      quote(
        'A healthy bog is a sponge. Every ditch we block gives the valley below a little more time.',
        "Dr Nadia Ferrante, the study's lead author",
      ),
      p([
        "The findings have attracted attention in Aldwater, the town below the fells, where residents have long campaigned for upland restoration as part of the town's flood defences. Follow that story on the ",
        link('Aldwater floods page', '/topic/aldwater-floods'),
        '.',
      ]),
      h2('What the study measured'),
      bullets(
        'Carbon exchange, using towers that sample the air above the bog every half hour.',
        'Water table depth at 60 points across each site.',
        'Stream flow at the outlet of each catchment.',
        'Plant cover, including the return of sphagnum mosses.',
      ),
      blockquote(
        'Ten years is short in the life of a bog, which grows about a millimetre a year. But it is long enough to see the direction of travel.',
        "— From the study's conclusions",
      ),
      p([
        'The authors cautioned that results may differ on other moors, and that restored bogs can release methane. The paper is available ',
        link('here', 'https://example.org/journals/upland-peat-restoration'),
        '.',
      ]),
    ],
  },
  {
    slug: 'astronomers-at-greyhope-observatory-track-an-unusually-bright-comet',
    sectionPath: 'science',
    kicker: 'Space',
    headline: 'Astronomers at Greyhope Observatory track an unusually bright comet',
    standfirst:
      'Comet Halloran could be visible to the naked eye in the evening sky next month, though astronomers warn that comets are notoriously unpredictable.',
    authorSlugs: ['hana-sato'],
    topicSlugs: ['space'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 280,
    hero: image(
      'greyhope-comet-hills-hero',
      'hills',
      2053,
      'Illustration of a domed observatory on a dark hilltop beneath a starry sky, with a faint streak of light in the west.',
      'Greyhope Observatory, where the comet was first identified as unusually active.',
    ),
    body: [
      p(
        'A comet discovered in the spring is brightening faster than expected and could be visible to the naked eye next month, astronomers at the Greyhope Observatory said on Thursday.',
      ),
      p(
        'Comet Halloran, named after the amateur astronomer who first spotted it, is now about 180 million kilometres from the Sun. As it moves closer, heat is driving gas and dust off its icy nucleus, forming a tail that may stretch across several degrees of sky.',
      ),
      p(
        'Observations over the past fortnight suggest the comet is releasing material at an unusually high rate, which could make it one of the brightest seen from the northern hemisphere in over a decade.',
      ),
      h2('How and when to look'),
      p(
        'If it continues to brighten, the comet should be visible low in the western sky for about an hour after sunset from the middle of next month. Binoculars will help, and a dark site away from street lights will make a large difference.',
      ),
      bullets(
        'Look west-north-west about 45 minutes after sunset.',
        'The comet will be best seen between the 10th and the 25th of next month.',
        'Let your eyes adjust to the dark for at least 15 minutes.',
      ),
      p(
        'Photographers are advised to use a tripod and exposures of a few seconds, and to include a foreground such as a tree or a building to give a sense of scale. The observatory has asked people who capture good images to share them, since amateur observations help professional astronomers follow changes in the tail from night to night.',
      ),
      quote(
        'Comets are like cats. They have tails and they do exactly what they want.',
        'Dr Tomasz Wierzbicki, director of Greyhope Observatory',
      ),
      p(
        'Astronomers cautioned that comets sometimes break apart as they approach the Sun, which can make them fade quickly. They are especially interested in Halloran because its orbit suggests it is visiting the inner solar system for the first time.',
      ),
      p(
        'Halloran, a retired schoolteacher who observes from his garden on the edge of the Ald valley, found the comet in the spring in images taken with a small telescope. He reported it to the observatory, which confirmed the discovery two nights later. It is the first comet found by an amateur in the country for more than thirty years.',
      ),
      p([
        'The observatory will hold public viewing evenings if skies are clear. Details are ',
        link('on its website', 'https://example.org/greyhope-observatory/comet-evenings'),
        '. More in ',
        link('Science', '/science'),
        '.',
      ]),
    ],
  },
  {
    slug: 'the-salt-road-review-a-patient-luminous-novel-about-lighthouse-keepers',
    sectionPath: 'culture',
    kicker: 'Book review',
    headline: 'The Salt Road review: a patient, luminous novel about a family of lighthouse keepers',
    standfirst: "Ines Okonkwo-Hale's second novel follows three generations on a remote headland. It is slow, and it is wonderful.",
    authorSlugs: ['elodie-marchetti'],
    topicSlugs: ['books'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 28,
    hero: image(
      'salt-road-review-hero',
      'portrait',
      2054,
      'Stylised portrait illustration of a woman with short grey hair and a heavy knitted jumper, looking out towards the sea with her hands in her pockets.',
      'The Salt Road is told largely through the eyes of Agnes, the last keeper of the Morrow Head light.',
    ),
    inlineImages: [lighthouseCoast],
    body: [
      p([
        'There is a moment about two-thirds of the way through ',
        em('The Salt Road'),
        ' when Agnes, the last keeper of the Morrow Head lighthouse, climbs the tower for the final time before the light is automated. Nothing happens. She polishes the lens, notes the weather in the log and walks back down. It is one of the most moving scenes I have read this year.',
      ]),
      p(
        "Ines Okonkwo-Hale's second novel is built out of moments like this: small, repeated, attentive. It follows the Morrow family across three generations on a headland at the edge of the Norrland Strait, from the arrival of Agnes's grandfather in the 1920s to the day the keepers' cottages are sold as holiday lets.",
      ),
      p(
        "Readers expecting shipwrecks and storms will find a few, but they are not the point. The drama is in the weather of a marriage, the slow departure of children to the mainland, and a daughter's decision, late in the book, to come back. Agnes herself is a marvellous creation: taciturn, funny in a way that creeps up on you, and stubborn to the point of self-harm.",
      ),
      h2('A book about paying attention'),
      p(
        "Okonkwo-Hale writes beautifully about work. The keepers' routines, trimming wicks, winding the clockwork, recording the barometer, are described with a precision that becomes almost devotional. The lighthouse is a machine for paying attention, and so, in the end, is the novel.",
      ),
      figureOf(lighthouseCoast),
      quote('The light did not care who was watching. That was the thing she loved about it.', 'From The Salt Road'),
      p(
        'The prose is plain and exact, with few flourishes, which makes the rare moments of lyricism land harder. A description of the sea freezing in the harbour during the hard winter, the ice creaking against the hulls of the boats, is as good as anything in recent fiction, and the final chapter, which I will not spoil, earns every one of its tears.',
      ),
      p(
        'There are weaknesses. The middle section, set during a hard winter, drifts, and a subplot about a land dispute is resolved too neatly. Some readers will find the pace testing. The occasional leaps forward in time can be disorientating, and one or two minor characters, notably a visiting inspector from the lighthouse board, feel like devices rather than people.',
      ),
      p([
        "But this is a book that rewards patience in the way few novels dare to. It is a worthy successor to Okonkwo-Hale's debut, ",
        em('Low Water'),
        ', and it already sits, deservedly, on the Corran Prize shortlist.',
      ]),
      blockquote([em('The Salt Road'), ' by Ines Okonkwo-Hale is published by Harrowgate Books, 384 pages.']),
      p(['More reviews in ', link('Culture', '/culture'), ' and on our ', link('books page', '/topic/books'), '.']),
    ],
  },
  {
    slug: 'the-glass-orchard-review-a-thriller-that-forgets-to-thrill',
    sectionPath: 'culture',
    kicker: 'Theatre review',
    headline: 'The Glass Orchard at the Kessford Playhouse: a thriller that forgets to thrill',
    standfirst: 'A starry cast and a handsome set cannot rescue a plot that gives away its secret before the interval.',
    authorSlugs: ['elodie-marchetti'],
    topicSlugs: ['books'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 140,
    hero: image(
      'glass-orchard-stage-hero',
      'stage',
      2055,
      'Illustration of a theatre stage lit by a single spotlight, with red curtains drawn back and a greenhouse-like glass structure at the centre.',
      'The glasshouse set of The Glass Orchard at the Kessford Playhouse.',
    ),
    body: [
      p([
        'The set for ',
        em('The Glass Orchard'),
        ', which opened at the Kessford Playhouse on Wednesday, is the best thing in it. A Victorian glasshouse fills the stage, its panes fogged with condensation, lemon trees lit from below so that every shadow seems to be hiding something. For a few minutes, it feels as if anything could happen.',
      ]),
      p(
        "Then the play begins, and very little does. Teodora Lindahl's new thriller concerns a family gathering at a country house after the death of its patriarch, a botanist with a collection of rare citrus and, it emerges, a great many enemies.",
      ),
      p(
        'The trouble is that the twist, which concerns the true parentage of the younger son, is signalled so clearly in the first act that the second has nowhere to go. By the interval, most of the audience appeared to have worked it out. From there, the evening becomes a long wait for the characters to catch up with us.',
      ),
      h2('Actors doing their best'),
      p(
        'The cast is strong. As the widow, Margit Solheim brings a dry, watchful wit to lines that do not always deserve it, and there is fine work from Obi Adeyemi as a family solicitor whose nervousness is the most convincing thing in the evening. The younger members of the cast are given less to do, and are at times left standing among the lemon trees waiting for their next line.',
      ),
      quote('It is a handsome production in search of a play worth the trouble.', 'Élodie Marchetti'),
      p(
        'The director, Katrin Rasmussen, keeps things moving and makes clever use of the glasshouse, with characters overheard through its walls. But the dialogue is stiff with exposition, and the climactic confrontation is staged so statically that it drains the scene of tension.',
      ),
      p(
        "Lindahl's previous play, a taut two-hander about a divorce set in a motorway service station, was a small triumph in a studio theatre two years ago. The move to a large stage and a cast of nine seems to have diluted what made her writing distinctive: the sense that people were saying less than they meant, and that the silences mattered.",
      ),
      h2('Should you go?'),
      bullets(
        "Go for the set and for Solheim's performance.",
        'Do not go for the mystery.',
        'Running time: two hours and twenty minutes, including an interval.',
      ),
      p([
        'Two stars out of five. ',
        em('The Glass Orchard'),
        ' runs at the Kessford Playhouse until the end of next month. More reviews in ',
        link('Culture', '/culture'),
        '.',
      ]),
    ],
  },
  {
    slug: 'corran-prize-shortlist-favours-debut-novelists',
    sectionPath: 'culture',
    kicker: 'Books',
    headline: 'Corran Prize shortlist favours debut novelists',
    standfirst:
      "Four of the six books chosen for the country's richest fiction award are first novels, including a story told entirely in text messages.",
    authorSlugs: ['elodie-marchetti'],
    topicSlugs: ['books'],
    access: 'registered',
    agencyCredit: '',
    publishedHoursAgo: 210,
    hero: image(
      'corran-prize-stage-hero',
      'stage',
      2056,
      'Illustration of a warmly lit stage with a lectern and a row of empty chairs, set up for a literary event.',
      'The Corran Prize winner will be announced at a ceremony in Kessford in November.',
    ),
    body: [
      p(
        'Four debut novels are among the six books shortlisted for the Corran Prize, the country\'s richest award for fiction, in what the judges described as "a year when new voices arrived fully formed".',
      ),
      p(
        'The shortlist, announced on Tuesday, includes a novel told entirely through text messages, a family saga set in a Valdorian mining town and a slim book about a ferry crossing that takes place over a single night.',
      ),
      p('The winner, who receives 250,000 crowns, will be announced in November. Each shortlisted author receives 20,000 crowns.'),
      h2('The shortlist'),
      bullets(
        [em('The Salt Road'), ' by Ines Okonkwo-Hale'],
        [em('Read Receipts'), ' by Dev Kallionen (debut)'],
        [em('Coal Hymns'), ' by Sabina Reyes-Varga (debut)'],
        [em('The Last Crossing'), ' by Oskar Mbatha-Strand (debut)'],
        [em('A House With No Stairs'), ' by Lorna Adebayo-Finch'],
        [em('Wintering'), ' by Pim Adeola (debut)'],
      ),
      p([
        'Among the most discussed titles is ',
        em('Read Receipts'),
        ', in which a friendship between two women unravels over a single year, told entirely through their messages to one another. Early reviewers were sceptical of the form, but the judges praised its comedy and its ear for what goes unsaid. ',
        em('Coal Hymns'),
        ', a sprawling story of a mining family in Valdoria, sits at the other end of the scale at more than 600 pages.',
      ]),
      p(
        'The chair of the judges, the historian Ruth Agbaje, said the panel had read 162 books and had not set out to favour first novels. Its members had been struck, she said, by how many submissions dealt with work and with place. "We argued about everything except how good these were," she said.',
      ),
      quote('We argued about everything except how good these were.', 'Ruth Agbaje, chair of the Corran Prize judges'),
      h2('A prize with a mission'),
      p(
        "The prize, founded by a foundation set up by a publishing family from the Ald valley, is open to novels written in or translated into the national language. Last year's winner saw sales rise more than tenfold after the award. The award has also been credited with reviving interest in translated fiction, which made up a quarter of this year's submissions.",
      ),
      p([
        'Booksellers said the shortlist would give a welcome lift to small publishers, three of which are represented. Reviews of the shortlisted books will appear in ',
        link('Culture', '/culture'),
        ' over the coming weeks, and on our ',
        link('books page', '/topic/books'),
        '.',
      ]),
    ],
  },
];
