// Sport. Fictional clubs, players and matches, original writing for the
// Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, figureOf, h2, image, link, p, quote, strong } from './block-helpers.js';

const semiFinalGoal = image(
  'athletic-greyhope-semi-inline',
  'stadium',
  2161,
  'Illustration of a football pitch seen from high in the stands at night, with floodlights glaring and a cluster of players celebrating near one goal.',
  "Kessford Athletic players celebrate Ayo Mensah-Berg's winner in the 88th minute.",
);

const floodedGround = image(
  'aldwater-rovers-ground-inline',
  'river',
  2162,
  'Illustration of a small football ground beside a river, with water covering half of the pitch and reaching the bottom of a low covered stand.',
  'Water across the pitch at Riverside Park on Wednesday morning.',
);

export const sportArticles: DemoArticle[] = [
  {
    slug: 'kessford-athletic-come-from-behind-to-beat-greyhope-town-in-cup-semi-final',
    sectionPath: 'sport',
    kicker: 'Football',
    headline: 'Kessford Athletic come from behind to beat Greyhope Town in cup semi-final',
    standfirst:
      'Two goals in the last 15 minutes, the second from 19-year-old substitute Ayo Mensah-Berg, send Athletic to their first final in eleven years.',
    authorSlugs: ['yusuf-demir'],
    topicSlugs: ['football'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 3,
    hero: image(
      'athletic-greyhope-stadium-hero',
      'stadium',
      2061,
      'Illustration of a packed football stadium under floodlights, with crowds in two colours filling steep stands around a bright green pitch.',
      'A crowd of 31,000 watched the semi-final at the national stadium in Kessford.',
    ),
    inlineImages: [semiFinalGoal],
    body: [
      p(
        'Kessford Athletic reached their first national cup final in eleven years on Saturday night, scoring twice in the final quarter of an hour to beat Greyhope Town 2-1 in a semi-final that had looked lost.',
      ),
      p(
        "Greyhope led from the 31st minute, when their captain, Ruben Oyelaran, headed in a corner at the near post, and for long periods they were the better side, pressing high and denying Athletic space in midfield. Athletic's goalkeeper, Mikkel Arnesen, made two fine saves before half-time to keep the deficit to one.",
      ),
      p(
        "But after Athletic's manager, Siobhan Kerrigan, made a double substitution on the hour, the game turned. Lukas Brenner equalised with a low shot from the edge of the area in the 76th minute, and with two minutes left, the 19-year-old Ayo Mensah-Berg ran onto a long ball and lifted it over the goalkeeper.",
      ),
      h2("A teenager's night"),
      p(
        "Mensah-Berg, who came through Athletic's academy and had played only six senior matches before Saturday, was mobbed by team-mates and then by supporters who spilled briefly onto the pitch at the final whistle.",
      ),
      figureOf(semiFinalGoal),
      quote(
        "I didn't think about it. I saw the keeper come out and I just tried to get it over him. I still can't believe it went in.",
        'Ayo Mensah-Berg',
      ),
      p(
        'Kerrigan, in her second season in charge, said the substitutions had been planned at half-time. "We needed legs and we needed someone to run in behind. Ayo is fearless, and tonight that was exactly what we wanted."',
      ),
      p(
        'For Greyhope, a second-tier side who had beaten two top-division clubs on the way to the semi-final, the defeat was cruel. Their supporters, who filled one end of the stadium, stayed long after the whistle to applaud their players, several of whom sank to the turf. The run has earned the club more than 2m crowns in prize money and television fees.',
      ),
      h2('Match facts'),
      bullets(
        [strong('Score:'), ' Kessford Athletic 2, Greyhope Town 1.'],
        [strong('Scorers:'), ' Oyelaran 31 (Greyhope); Brenner 76, Mensah-Berg 88 (Athletic).'],
        [strong('Attendance:'), ' 31,000.'],
        [strong('Final:'), " Athletic will play the winners of Sunday's second semi-final next month."],
      ),
      p([
        'Greyhope\'s manager said his side had "done everything but finish the game". He said he was proud of his players and that the club would spend its cup earnings on its training ground. More from ',
        link('Sport', '/sport'),
        ' and our ',
        link('football coverage', '/topic/football'),
        '.',
      ]),
    ],
  },
  {
    slug: 'aldwater-rovers-postpone-home-games-as-flood-water-reaches-the-stadium',
    sectionPath: 'sport',
    kicker: 'Aldwater floods',
    headline: 'Aldwater Rovers postpone home games as flood water reaches the stadium',
    standfirst:
      "The league club's riverside ground is under half a metre of water, and its players have spent the week filling sandbags instead of training.",
    authorSlugs: ['yusuf-demir', 'callum-reid'],
    topicSlugs: ['football', 'aldwater-floods'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 36,
    hero: image(
      'aldwater-rovers-stadium-hero',
      'stadium',
      2062,
      'Illustration of a small, empty football stadium with a single roofed stand, under a low grey sky, with puddles shining on the pitch.',
      'Riverside Park, home of Aldwater Rovers since 1922.',
    ),
    inlineImages: [floodedGround],
    body: [
      p(
        "Aldwater Rovers have postponed their next two home matches after flood water from the River Ald covered the pitch at Riverside Park, the club's ground for more than a century.",
      ),
      p(
        "The league approved the postponements on Wednesday. The club said the pitch, dressing rooms and the groundsman's store, which holds most of its equipment, were under up to half a metre of water.",
      ),
      p(
        'Rovers, who play in the third tier, have a squad of part-time professionals, most of whom live in or near the town. Several have spent the week helping neighbours and filling sandbags rather than training.',
      ),
      p(
        'Among them is the club\'s captain, Jordan Ashby, a plumber by trade, who has spent three days helping to pump out homes on Mill Street. "Football is what we do on a Saturday," he said. "This is our town. Everyone has been out: players, coaches, the lads who run the tea bar. It\'s what you do."',
      ),
      h2('A club at the centre of the town'),
      p(
        'Riverside Park sits on the flood plain beside the Ald, a location that has caused problems before, but the club says this is the worst flooding it has seen since the ground was built. The ground was last flooded in the 1960s, when the water reached the edge of the pitch but did not cover it.',
      ),
      figureOf(floodedGround),
      quote(
        'The ground can wait. There are people in this town who have lost everything, and a lot of them are our supporters.',
        'Dave Okoro, Aldwater Rovers chairman',
      ),
      p(
        'The club has turned its social club, which is on higher ground behind the main stand, into a collection point for donated food, clothes and cleaning supplies. Supporters of rival clubs have raised more than 40,000 crowns for the town through an online appeal.',
      ),
      blockquote(
        "Football rivalries are fierce in the valley. This week, they have stopped at the water's edge.",
        "— A message from Greyhope Town supporters' trust",
      ),
      p(
        "The club hopes to play its next home game in three weeks if the pitch can be drained and reseeded, and has been offered the use of a neighbouring club's ground if not. Its insurers have been asked to assess the damage to the floodlights and electrics, which could take longer to repair than the pitch.",
      ),
      p([
        'For the wider story, see our ',
        link('Aldwater floods page', '/topic/aldwater-floods'),
        '; for more from the league, visit ',
        link('Sport', '/sport'),
        '.',
      ]),
    ],
  },
  {
    slug: 'womens-premier-league-clubs-agree-full-professional-contracts',
    sectionPath: 'sport',
    kicker: 'Football',
    headline: "Women's Premier League clubs agree full professional contracts from next season",
    standfirst:
      'Every player in the top division will receive a salary of at least 30,000 crowns a year, ending the era of training after work.',
    authorSlugs: ['yusuf-demir'],
    topicSlugs: ['football'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 190,
    hero: image(
      'womens-league-stadium-hero',
      'stadium',
      2063,
      'Illustration of a football stadium in the late afternoon, with long shadows across the pitch and a crowd in the sunlit stand.',
      "Attendances in the Women's Premier League have risen by two-thirds in three seasons.",
    ),
    body: [
      p(
        "All twelve clubs in the Women's Premier League have agreed to offer full professional contracts to every player in their first-team squads from next season, the league announced on Monday.",
      ),
      p(
        'Under the agreement, players will receive a minimum salary of 30,000 crowns a year, along with maternity cover, medical insurance and a pension. About a third of players in the division currently have other jobs alongside football.',
      ),
      p(
        "The change is being paid for by a new broadcasting deal, which trebled the league's television income, and by a central fund to which the men's top division will contribute.",
      ),
      p(
        "The league's chief executive, Annika Holt, said the agreement had taken two years to negotiate and required clubs to accept minimum standards for training facilities and medical staff. Some smaller clubs had worried about the cost, she said, but the central fund would cover most of the difference for at least three seasons.",
      ),
      h2('No more training at night'),
      p(
        'For many players, the change means the end of a double life. Several clubs have trained only in the evenings because so many of their squad worked during the day as teachers, physiotherapists or in shops. Injuries have been harder to manage too, with players back at work the morning after a match and rarely able to attend daytime rehabilitation sessions.',
      ),
      quote(
        "I have trained at nine o'clock at night for six years after a full day at school. My body will thank the league.",
        'Freya Lindgren, captain of Kessford Athletic Women',
      ),
      h2('What changes next season'),
      bullets(
        'Minimum salary of 30,000 crowns for every first-team player.',
        'Full maternity pay and a guaranteed return to the squad.',
        'Medical insurance and access to club physiotherapists year-round.',
        'A minimum of 20 senior players under contract at each club.',
      ),
      p(
        "The players' union welcomed the agreement but said the minimum was still low compared with the cost of living in the capital, and asked for it to rise in line with league income. It also wants a minimum salary for players in the second division within five years.",
      ),
      blockquote(
        'This is a floor, not a ceiling. The best clubs will pay far more, and they should.',
        "— The chief executive of the Women's Premier League",
      ),
      p([
        'Attendances have risen by two-thirds in three seasons. More from ',
        link('Sport', '/sport'),
        ' and our ',
        link('football coverage', '/topic/football'),
        '.',
      ]),
    ],
  },
];
