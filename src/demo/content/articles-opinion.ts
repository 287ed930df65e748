// Opinion: columns and comment. Original writing for the Masthead demo
// about fictional places, people and policies.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, em, h2, image, link, p, quote } from './block-helpers.js';

export const opinionArticles: DemoArticle[] = [
  {
    slug: 'the-housing-bill-is-timid-where-it-needs-to-be-bold',
    sectionPath: 'opinion',
    kicker: 'Comment',
    headline: 'The housing bill is timid where it needs to be bold, and bold where it needs to be careful',
    standfirst:
      'Growth zones will not fix a shortage of homes people can afford to rent. The government is fighting the wrong battle with its own backbenchers.',
    authorSlugs: ['jonas-lindqvist'],
    topicSlugs: ['housing'],
    access: 'premium',
    agencyCredit: '',
    publishedHoursAgo: 22,
    hero: image(
      'housing-bill-comment-city-hero',
      'city',
      2071,
      'Illustration of a half-built block of flats wrapped in scaffolding, with two cranes above it and older terraced houses in the foreground.',
      'New flats under construction in south Kessford.',
    ),
    body: [
      p(
        'Every government of the past twenty years has promised to build more homes, and every one has discovered that the hard part is not the promise but the planning system. So there is something admirable in a housing bill that tries to cut through it. The Planning and Homes Bill, which faces its first vote next week, is at least honest about the problem.',
      ),
      p(
        'It is less honest about the solution. Growth zones, in which developments that meet a design code are approved automatically, will speed up some building. But speed is not the main reason the country lacks homes that people on ordinary incomes can afford.',
      ),
      p(
        'The main reason is that private developers build at the pace at which they can sell without lowering prices. That is not a conspiracy; it is how a business protects its margins. Faster permissions do not change that arithmetic.',
      ),
      h2('Where the bill is too cautious'),
      p(
        'What does change it is building that is not for sale at all. A generation ago, councils and housing associations built a large share of new homes for rent. Today they build a fraction. The bill says almost nothing about them.',
      ),
      quote('Faster permissions do not change the arithmetic of a developer protecting its margins.', 'Jonas Lindqvist'),
      bullets(
        'Let councils borrow against rental income to build, as they once did.',
        'Give housing associations first refusal on a share of land in every growth zone.',
        'Require a fixed proportion of social rent homes, rather than leaving it to negotiation.',
      ),
      h2('Where it is too bold'),
      p(
        "Meanwhile, the bill's most controversial power, allowing ministers to override councils on green belt land, is a fight the government does not need. The rebels in the Civic Party are not all opponents of building; many represent towns that have accepted thousands of new homes without the schools or surgeries to match.",
      ),
      blockquote(
        'A bill that builds more homes for rent and picks fewer fights over fields would pass easily. This one may not pass at all.',
      ),
      p([
        "There is still time to amend it. The government should take the rebels' concerns about infrastructure seriously and spend its political capital on social housing instead. Read our ",
        link('news coverage of the bill', '/politics'),
        ' and more on ',
        link('housing', '/topic/housing'),
        '.',
      ]),
    ],
  },
  {
    slug: 'a-rate-cut-now-would-be-a-gamble-the-national-bank-can-afford',
    sectionPath: 'opinion',
    kicker: 'Economics',
    headline: 'A rate cut now would be a gamble the National Bank can afford',
    standfirst:
      'Inflation is falling faster than the bank predicted. Waiting for certainty means waiting until the damage to borrowers is done.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['central-banks', 'housing'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 75,
    hero: image(
      'rate-cut-comment-chart-hero',
      'chart',
      2072,
      'Chart-style illustration of a descending line flattening out near a horizontal target line, with a small arrow pointing downward at the right edge.',
      'Inflation has fallen for seven consecutive months.',
      'Graphic: Masthead data desk',
    ),
    body: [
      p(
        'Central bankers like to say that monetary policy works with long and variable lags. It is a useful phrase, because it explains why they raise rates before inflation is visibly out of control. It should also explain why they cut before inflation is visibly beaten.',
      ),
      p(
        "The National Bank's committee meets this week. Inflation has fallen for seven months in a row and now stands below 3 per cent. The bank's own forecast has it reaching the 2 per cent target by the end of next year. And yet the main interest rate remains at 4.25 per cent, the highest in fifteen years.",
      ),
      p(
        'The case for waiting is familiar: wage growth is still strong, and the bank does not want to cut and then be forced to reverse. That is a real risk. But it is no longer the only one.',
      ),
      h2('The cost of caution'),
      p(
        'Hundreds of thousands of households will come to the end of cheap fixed-rate mortgages over the next year and move onto far higher rates. House prices are falling. Business investment has stalled. These are the lagged effects of rate rises made a year ago, and they have not finished arriving.',
      ),
      quote('If the bank waits until it is certain, it will have waited too long.', 'Priya Raman'),
      p(
        'A quarter-point cut would not end the squeeze. It would, however, signal that the bank sees the direction of travel, and would feed through quickly into the price of new fixed-rate loans. Lenders price those deals on expectations of where rates are heading; a clear signal would lower costs for thousands of households within weeks.',
      ),
      h2('What could go wrong'),
      bullets(
        'Wage growth could stay high, keeping services inflation sticky.',
        'Energy prices could rise again over the winter.',
        'A weaker crown could push up the cost of imports.',
      ),
      p(
        "Each of these is possible. And if one of them does materialise, the bank can pause or reverse course. A central bank that has cut from 4.25 to 4 per cent has hardly exhausted its options. None is likely enough to justify holding rates at a level designed to fight inflation three times higher than today's.",
      ),
      blockquote(
        'The bank was criticised, rightly, for moving too slowly when inflation rose. It should not repeat the mistake on the way down.',
      ),
      p([
        'Our ',
        link('Economy', '/business/economy'),
        ' pages follow the decision; see also our ',
        link('central banks', '/topic/central-banks'),
        ' coverage.',
      ]),
    ],
  },
  {
    slug: 'in-praise-of-the-small-town-library',
    sectionPath: 'opinion',
    kicker: 'Comment',
    headline: 'In praise of the small-town library, the last warm room that asks nothing of you',
    standfirst:
      'Libraries are lending fewer books and doing more than ever. Councils that close them are saving money on the wrong line of the budget.',
    authorSlugs: ['elodie-marchetti'],
    topicSlugs: ['books'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 170,
    hero: image(
      'small-town-library-forest-hero',
      'forest',
      2073,
      'Illustration of a small brick building with tall windows and a lamp glowing inside, set at the edge of a wood on an autumn evening.',
      'A village library on the edge of the Ald valley. Its opening hours have been cut to two days a week.',
    ),
    body: [
      p(
        'On a wet Tuesday afternoon, the library in the market town where I grew up is full. Not with readers, exactly, though there are some. There is a man filling in a benefits form on a public computer, with a librarian beside him. There are three teenagers doing homework because there is no quiet space at home. There is a toddler group in the corner, singing.',
      ),
      p(
        'None of this shows up in the figure by which libraries are most often judged: the number of books they lend. That number has fallen for years, and councils under pressure point to it when they cut opening hours or close branches altogether.',
      ),
      p(
        'It is the wrong number. A library is not a warehouse of books with a counter. It is one of the last public places where anyone can sit, warm and dry, for as long as they like, without being asked to buy anything.',
      ),
      h2('What libraries actually do'),
      bullets(
        'Help people apply for jobs, benefits and housing online.',
        'Offer quiet study space to children who do not have it at home.',
        'Run reading groups, language classes and toddler sessions.',
        'Provide a place to go for people who are lonely, old or simply cold.',
      ),
      quote(
        'A library is one of the last public places where anyone can sit, warm and dry, without being asked to buy anything.',
        'Élodie Marchetti',
      ),
      p(
        'Every one of those services saves money somewhere else, in fewer missed benefit claims, better exam results, less isolation. Those savings are real but land in other budgets, which is why a council finance officer can cut a library without seeing them.',
      ),
      h2('A modest proposal'),
      p(
        'Councils should measure libraries by visits and by what happens during them, not by loans. National government should fund a minimum service in every town of more than 5,000 people. And the rest of us should use them, because the surest way to lose a library is to assume someone else will.',
      ),
      blockquote('I borrowed my first novel from a library with a leaking roof. I have been paying that debt ever since.'),
      p([
        'More from our ',
        link('books pages', '/topic/books'),
        ' and ',
        link('Opinion', '/opinion'),
        '. ',
        em("Élodie Marchetti is Masthead's chief critic."),
      ]),
    ],
  },
  {
    slug: 'kessford-needs-a-congestion-charge-and-must-say-what-the-money-is-for',
    sectionPath: 'opinion',
    kicker: 'Comment',
    headline: 'Kessford needs a congestion charge, and it must say what the money is for',
    standfirst:
      "The mayor's consultation is welcome. But a charge sold as a tax will fail; one sold as a better bus network might just succeed.",
    authorSlugs: ['hana-sato'],
    topicSlugs: ['transport', 'climate'],
    access: 'registered',
    agencyCredit: '',
    publishedHoursAgo: 400,
    hero: image(
      'kessford-congestion-city-hero',
      'city',
      2074,
      'Illustration of a city street at rush hour, with a line of cars and a red double-decker bus queued beneath tall buildings.',
      "Traffic on Kess Bridge Road, one of the city's most congested routes.",
    ),
    body: [
      p(
        "The average car in central Kessford now moves at about 13 kilometres an hour during the morning rush. A reasonably fit cyclist is faster. A bus, stuck in the same queue, is slower still, which is one reason fewer people take the bus every year. Delivery vans, taxis and ambulances are caught in the same jams, at a cost that the city's chamber of commerce puts at hundreds of millions of crowns a year.",
      ),
      p(
        'The mayor, Leona Byrne, has announced a consultation on a daily charge for driving into the centre, and she deserves credit for it. Congestion charging is one of the few policies on which transport economists broadly agree: road space is valuable, and giving it away free guarantees that it will be overused.',
      ),
      p(
        'But agreement among economists has never won a referendum. Several cities in the region have proposed charges and abandoned them after public opposition. Kessford can learn from their mistakes.',
      ),
      h2('Sell the bus, not the charge'),
      p(
        'The charges that succeed are the ones people can see working. Cities that introduced them alongside visible improvements, such as more frequent buses, protected cycle lanes and cheaper fares, have kept public support. Those that presented them as a way to balance the books have struggled.',
      ),
      quote('A charge sold as a tax will fail. A charge sold as a better bus will not.', 'Hana Sato'),
      p(
        'The mayor should publish, before the consultation ends, exactly what the money would pay for, route by route. She should commit that every crown raised goes into transport in the city, ring-fenced in law.',
      ),
      p(
        "There is a fairness argument too, and the mayor should make it. Most households in the city's poorer districts do not own a car. They breathe the fumes and wait for the buses that the cars hold up, while the charge, as proposed, would fall mainly on commuters from wealthier suburbs who drive in alone.",
      ),
      h2('Protect those who need to drive'),
      bullets(
        'Exempt disabled drivers and their carers.',
        'Discount residents inside the zone, as other cities do.',
        'Phase the charge in, starting low, once the new bus services are running.',
      ),
      blockquote('The cleaner air and quieter streets will arrive eventually. The bus has to arrive first.'),
      p([
        'Kessford has the chance to get this right. Read more in our ',
        link('transport coverage', '/topic/transport'),
        ' and ',
        link('Opinion', '/opinion'),
        '.',
      ]),
    ],
  },
];
