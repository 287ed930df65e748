// Business and Economy. Fictional companies, people and figures,
// original writing for the Masthead demo.
import type { DemoArticle } from '../demo-types.js';
import { blockquote, bullets, em, figureOf, h2, image, link, p, quote, strong } from './block-helpers.js';

const shipyardSlip = image(
  'brannock-lowe-shipyard-inline',
  'harbour',
  2141,
  'Illustration of a ship under construction on a slipway, surrounded by scaffolding, with a tall gantry crane above it and the river behind.',
  'The covered slipway at Brannock & Lowe, where the first of the new patrol ships will be built.',
);

const ratesChart = image(
  'national-bank-rates-chart-inline',
  'chart',
  2142,
  'Chart-style illustration of two lines: a stepped line for the interest rate that rises and then holds flat, and a curving line for inflation that peaks and falls towards it.',
  "The National Bank's main rate and annual inflation over three years.",
  'Graphic: Masthead data desk',
);

export const businessArticles: DemoArticle[] = [
  {
    slug: 'halvard-energy-profits-fall-as-wholesale-gas-prices-ease',
    sectionPath: 'business',
    kicker: 'Energy',
    headline: 'Halvard Energy profits fall by a third as wholesale gas prices ease',
    standfirst:
      "The country's largest energy supplier says household bills should fall in the spring, but warns that thousands of customers are still behind on payments.",
    authorSlugs: ['priya-raman'],
    topicSlugs: ['energy-prices'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 9,
    updatedHoursAfterPublication: 3,
    hero: image(
      'halvard-energy-chart-hero',
      'chart',
      2041,
      'Chart-style illustration of a bar chart whose bars rise for three years and then drop sharply, in shades of orange and grey.',
      "Halvard Energy's annual operating profit over four years.",
      'Graphic: Masthead data desk',
    ),
    body: [
      p(
        "Halvard Energy, the country's largest gas and electricity supplier, reported a 34 per cent fall in annual profits on Thursday as wholesale gas prices eased from the record levels of the previous two years.",
      ),
      p(
        "The company made an operating profit of 1.1bn crowns, down from 1.67bn a year earlier. Revenue fell by about a fifth, reflecting lower prices charged to customers after the regulator's price cap was reduced.",
      ),
      p(
        'The chief executive, Ingrid Aaland, said household bills were likely to fall again in the spring if wholesale prices stayed at current levels, but warned that a significant minority of customers were still struggling to pay.',
      ),
      h2('Debt remains high'),
      p(
        'About 310,000 Halvard customers are behind on their bills, owing an average of around 900 crowns each. The company said it had written off 40m crowns of debt for customers in hardship and would extend a scheme that lets people repay arrears over two years.',
      ),
      p(
        'Consumer groups said the figures showed the limits of voluntary support. They want the regulator to require every supplier to offer a social tariff to low-income households, a measure the industry has so far resisted on the grounds that it would raise bills for everyone else.',
      ),
      quote(
        'Prices are coming down, but the damage to household finances from the last two winters has not gone away.',
        'Ingrid Aaland, chief executive of Halvard Energy',
      ),
      h2('Results at a glance'),
      bullets(
        [strong('Operating profit:'), ' 1.1bn crowns, down 34 per cent.'],
        [strong('Customers in arrears:'), ' about 310,000.'],
        [strong('Investment in wind and solar:'), ' 2.4bn crowns, up 12 per cent.'],
        [strong('Dividend:'), " held at last year's level."],
      ),
      p(
        'Shares in Halvard rose 3 per cent in Kessford, as the results were slightly better than analysts had expected. The company confirmed plans to build two onshore wind farms in the northern hills, subject to planning permission. Those projects, which would be its largest onshore schemes, face opposition from some residents who fear the effect on the landscape, and Halvard said it would offer nearby communities a share of the income.',
      ),
      blockquote(
        'The worst of the price shock is behind suppliers. The question now is whether customers see the benefit quickly enough.',
        '— An energy analyst at a Kessford investment bank',
      ),
      p([
        'The results come as the opposition presses for a two-year cap on bills. See our coverage of ',
        link('energy prices', '/topic/energy-prices'),
        ' and more ',
        link('business news', '/business'),
        '.',
      ]),
      p(em("This article was updated to include the company's figures on customers in arrears.")),
    ],
  },
  {
    slug: 'kessford-shipbuilder-brannock-and-lowe-wins-coastguard-patrol-ship-contract',
    sectionPath: 'business',
    kicker: 'Industry',
    headline: 'Kessford shipbuilder Brannock & Lowe wins coastguard patrol ship contract',
    standfirst: 'The 1.8bn-crown order for six vessels secures about 1,200 jobs at the 150-year-old yard and could lead to export sales.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['trade'],
    access: 'free',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 60,
    hero: image(
      'brannock-lowe-river-hero',
      'river',
      2042,
      'Illustration of a broad river at an industrial waterfront, with cranes, sheds and a half-built grey hull on the bank.',
      'The Brannock & Lowe yard on the Kess river.',
    ),
    inlineImages: [shipyardSlip],
    body: [
      p(
        "Brannock & Lowe, the shipbuilder on the Kess river, has won a 1.8bn-crown contract to build six patrol ships for the national coastguard, the largest order in the yard's history.",
      ),
      p(
        'The company said the contract would secure about 1,200 jobs at its Kessford yard for at least eight years and create around 300 apprenticeships. The first ship is due to be delivered in four years.',
      ),
      p(
        "The vessels will replace the coastguard's ageing fleet, some of which is more than 30 years old, and will be used for search and rescue, fisheries protection and patrols in the Norrland Strait.",
      ),
      h2('A yard that nearly closed'),
      p(
        'Twelve years ago the yard, founded in the 1870s, came close to shutting down after a run of losses. It survived by building ferries and offshore wind support vessels, and by investing in a covered slipway that allows work to continue through the winter.',
      ),
      p(
        'That investment has paid off. The yard delivered two hybrid ferries for the Norrland Strait on time last year, a record the defence ministry said had counted in its favour. Brannock & Lowe is still partly owned by descendants of its founders, alongside a pension fund and an infrastructure investor that bought a stake during the restructuring.',
      ),
      figureOf(shipyardSlip),
      quote(
        'People here were told that shipbuilding was finished. Today we have a full order book and a waiting list for apprenticeships.',
        'Kathleen Brannock, managing director',
      ),
      p(
        "The contract was awarded after a competition that included two foreign yards. The defence ministry said Brannock & Lowe offered the best value once the cost of support over the ships' lifetime was included. One of the losing bidders said it was disappointed and would ask for a detailed explanation of the scoring, but did not expect to challenge the result.",
      ),
      h2('Suppliers across the country'),
      bullets(
        'About 200 suppliers are expected to work on the programme.',
        'Steel will come from a mill in the north, subject to quality checks.',
        'The design, based on an existing hull, can be adapted for export customers.',
      ),
      p([
        "The union representing the yard's workers welcomed the order but called for a long-term plan for naval shipbuilding to avoid gaps between contracts. Its regional organiser said many of the yard's most experienced welders were due to retire within five years and that training their replacements had to start immediately. More from ",
        link('Business', '/business'),
        '.',
      ]),
    ],
  },
  {
    slug: 'grove-supermarkets-to-close-40-stores-and-expand-home-delivery',
    sectionPath: 'business',
    kicker: 'Retail',
    headline: 'Grove supermarkets to close 40 stores and expand home delivery',
    standfirst:
      'The chain says 1,900 jobs are at risk, though it hopes to move most staff to new delivery hubs. Unions say smaller towns will lose their only large shop.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['housing'],
    access: 'premium',
    agencyCredit: '',
    publishedHoursAgo: 160,
    hero: image(
      'grove-supermarket-market-hero',
      'market',
      2043,
      'Illustration of a supermarket frontage with a large green sign, a half-empty car park and trolleys gathered in a shelter.',
      'A Grove store on the edge of Greyhope. The company has not yet named all the stores that will close.',
    ),
    body: [
      p(
        "Grove, the country's third-largest supermarket chain, will close 40 of its 310 stores over the next year and invest 600m crowns in home delivery, it said on Tuesday, putting about 1,900 jobs at risk.",
      ),
      p(
        'The company said most of the stores to close were large out-of-town sites built in the 1990s whose sales had fallen as customers shifted to smaller local shops and online orders. Online sales now account for almost a fifth of its revenue.',
      ),
      p(
        'Grove hopes to offer most affected staff jobs at six new delivery hubs or at nearby stores, but admitted that not everyone would be able to move.',
      ),
      h2('Towns left without a big shop'),
      p(
        'Unions and local councils said the closures would hit smaller towns hardest. In at least eight places, the Grove store is the only large supermarket within 15 kilometres.',
      ),
      quote(
        'For older people without a car, this is not about convenience. It is about whether they can buy fresh food at all.',
        'A councillor in one of the affected towns',
      ),
      p(
        'Grove said it would extend free delivery to customers over 75 in towns where it closes its only store, and would consider leasing space to smaller grocers. It said it had already held talks with two regional grocery chains about taking over some sites, though neither has committed.',
      ),
      h2('Property the prize'),
      p(
        'Analysts noted that many of the sites to close sit on large plots near town centres. The company said it would explore selling some for housing, which could raise several hundred million crowns.',
      ),
      p(
        'The plan marks a sharp change for a company that spent much of the last decade opening stores. Its chief executive, Martin Osei-Larsen, who joined from a logistics firm eighteen months ago, said the shift reflected how customers now shop: smaller baskets, more often, with a growing share ordered on a phone for delivery the same evening.',
      ),
      bullets(
        'Stores closing: 40 out of 310.',
        'Jobs at risk: about 1,900.',
        'Investment in delivery: 600m crowns over three years.',
        'Online share of sales: 19 per cent, up from 11 per cent five years ago.',
      ),
      blockquote(
        'Supermarkets built for a world of weekly car trips are now sitting on some of the most valuable land in their towns.',
        '— A retail property analyst',
      ),
      p([
        "Grove's shares rose 5 per cent. The chain will publish a list of affected stores next month. More in ",
        link('Business', '/business'),
        ' and ',
        link('housing', '/topic/housing'),
        '.',
      ]),
    ],
  },
  {
    slug: 'national-bank-holds-rates-but-signals-cut-as-inflation-slows',
    sectionPath: 'business/economy',
    kicker: 'Interest rates',
    headline: 'National Bank holds rates at 4.25% but signals cut as inflation slows',
    standfirst:
      'Governor Ingrid Solberg says borrowing costs could fall "in the coming months" if price rises keep easing, after a closely divided vote.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['central-banks', 'housing'],
    access: 'free',
    agencyCredit: 'With reporting from Meridian Wire',
    publishedHoursAgo: 15,
    updatedHoursAfterPublication: 0.5,
    hero: image(
      'national-bank-city-hero',
      'city',
      2044,
      'Illustration of a grand stone building with columns on a city street, with office towers rising behind it in the evening light.',
      "The National Bank's headquarters in Kessford.",
    ),
    inlineImages: [ratesChart],
    body: [
      p(
        'The National Bank held its main interest rate at 4.25 per cent on Thursday but gave its strongest hint yet that borrowing costs would soon fall, as inflation continues to ease.',
      ),
      p(
        "The bank's monetary policy committee voted five to four to keep rates unchanged, with the four dissenters favouring an immediate cut to 4 per cent. It is the narrowest vote since the bank began raising rates three years ago.",
      ),
      p(
        'Annual inflation fell to 2.8 per cent last month, from a peak of more than 9 per cent, and the bank now expects it to reach its 2 per cent target by the end of next year.',
      ),
      h2('"In the coming months"'),
      p(
        'The governor, Ingrid Solberg, said the committee wanted more evidence that wage growth was slowing before cutting rates, but that it no longer needed rates to be as high as they are. She added that the bank would not commit to a particular date and that each decision would depend on the figures published before it.',
      ),
      quote(
        'If the data continue to move as we expect, the committee will be able to reduce interest rates in the coming months.',
        'Ingrid Solberg, governor of the National Bank',
      ),
      figureOf(ratesChart),
      p(
        "Markets had expected a hold, but the close vote pushed up expectations of a cut at the next meeting in six weeks. The crown fell slightly against the currencies of the country's main trading partners.",
      ),
      p(
        "The four members who voted for a cut argued that the bank's earlier rate rises were still working their way through the economy, and that waiting too long risked an unnecessary slowdown. The five in the majority said services inflation, which is driven largely by wages, remained too high for comfort at 4.6 per cent.",
      ),
      h2('What it means for you'),
      bullets(
        'Mortgage holders on variable rates will see no change for now.',
        'Fixed-rate mortgage deals have already become cheaper in anticipation of cuts.',
        'Savings rates are likely to drift down as the prospect of a cut grows.',
      ),
      p([
        'Economists said the first cut could come as early as next month. Most expect rates to fall gradually, to around 3.5 per cent by the end of next year, rather than returning to the very low levels of the previous decade. See our ',
        link('central banks', '/topic/central-banks'),
        ' page and more from ',
        link('Economy', '/business/economy'),
        '.',
      ]),
      p(em("This article was updated with the breakdown of the committee's vote.")),
    ],
  },
  {
    slug: 'house-prices-fall-for-third-month-in-a-row-as-mortgage-approvals-slide',
    sectionPath: 'business/economy',
    kicker: 'Housing',
    headline: 'House prices fall for third month in a row as mortgage approvals slide',
    standfirst:
      'The average home now costs 2.1 per cent less than a year ago. First-time buyers are benefiting most, but sellers in the capital are cutting asking prices.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['housing', 'central-banks'],
    access: 'free',
    agencyCredit: '',
    publishedHoursAgo: 110,
    hero: image(
      'house-prices-city-hero',
      'city',
      2045,
      'Illustration of a street of tall terraced houses with colourful front doors, one of them with a "for sale" sign on a post in the small front garden.',
      'Terraced houses in south Kessford, where asking prices have fallen fastest.',
    ),
    body: [
      p(
        "House prices fell for the third consecutive month last month, according to figures from the country's largest mortgage lender, as high borrowing costs continued to weigh on demand.",
      ),
      p(
        'The average home cost 287,000 crowns, down 0.4 per cent on the previous month and 2.1 per cent lower than a year earlier. Mortgage approvals fell to their lowest level in eleven months.',
      ),
      p(
        'The falls have been sharpest in Kessford and its commuter towns, where prices rose fastest during the boom and where buyers need the largest mortgages.',
      ),
      p(
        'Outside the capital the picture is more mixed. Prices in the northern cities were broadly flat over the year, and in some smaller towns they rose slightly, helped by buyers who moved out of Kessford in search of more space. Rents, meanwhile, continue to climb almost everywhere, rising by 6 per cent over the year according to separate figures.',
      ),
      h2('Good news for some'),
      p(
        'Estate agents said first-time buyers, who do not need to sell a home before buying one, were in a stronger position than at any time in the past decade. Many still rely on help from parents, however: lenders estimate that more than a third of first-time buyers receive family money towards a deposit. Some sellers are accepting offers up to 8 per cent below asking price.',
      ),
      quote('For the first time in years, buyers are the ones setting the pace of negotiations.', 'An estate agent in south Kessford'),
      p(
        'Economists said prices were likely to stabilise next year if the National Bank begins to cut interest rates, but did not expect a return to rapid growth. They noted that wages are now rising faster than prices, which gradually improves affordability, and that more homes are for sale than at any time in five years.',
      ),
      h2('In numbers'),
      bullets(
        'Average price: 287,000 crowns.',
        'Monthly change: down 0.4 per cent.',
        'Annual change: down 2.1 per cent.',
        'Mortgage approvals: lowest in eleven months.',
      ),
      blockquote(
        'A gentle fall in prices is what many first-time buyers have been waiting for. A sharp fall would be another matter.',
        '— A housing economist at the University of Kessford',
      ),
      p([
        "The figures add pressure on the government's housing bill, which ministers say will increase supply. Read more in ",
        link('Economy', '/business/economy'),
        ' and on our ',
        link('housing page', '/topic/housing'),
        '.',
      ]),
    ],
  },
  {
    slug: 'wage-growth-outpaces-inflation-for-first-time-in-two-years',
    sectionPath: 'business/economy',
    kicker: 'Wages',
    headline: 'Wage growth outpaces inflation for first time in two years',
    standfirst:
      'Average pay rose 4.4 per cent against inflation of 3.1 per cent, but real wages remain below their level before the price shock.',
    authorSlugs: ['priya-raman'],
    topicSlugs: ['central-banks'],
    access: 'premium',
    agencyCredit: 'Additional reporting by Northgate Press Agency',
    publishedHoursAgo: 340,
    hero: image(
      'wages-chart-hero',
      'chart',
      2046,
      'Chart-style illustration of two crossing lines, one for wages climbing gradually and one for prices falling after a peak, meeting and crossing at the right edge.',
      'Annual growth in average pay and consumer prices.',
      'Graphic: Masthead data desk',
    ),
    body: [
      p(
        'Average pay grew faster than prices for the first time in two years, official figures showed on Wednesday, offering relief to households whose budgets have been squeezed since the start of the energy price shock.',
      ),
      p(
        'Regular pay, excluding bonuses, rose 4.4 per cent in the three months to the end of last month compared with a year earlier. Inflation over the same period averaged 3.1 per cent.',
      ),
      p(
        'The statistics office cautioned that real wages, adjusted for inflation, were still about 3 per cent lower than before the shock, and would take at least two years to recover at the current pace. The recovery is uneven, with younger workers and those in hospitality seeing the biggest gains because of increases in the minimum wage.',
      ),
      h2('Public and private sectors diverge'),
      p(
        'Pay growth has been stronger in the private sector, at 4.8 per cent, than in the public sector, at 3.2 per cent. Unions representing teachers and nurses said the gap showed that public sector pay offers had been too low.',
      ),
      quote(
        'Two years of falling living standards do not end with one good month of figures.',
        "The general secretary of the nurses' union",
      ),
      h2('A puzzle for the National Bank'),
      p(
        'For the central bank, faster wage growth is a mixed blessing. It helps households but could keep inflation higher for longer if companies pass on higher labour costs through their prices.',
      ),
      p(
        "The bank's governor, Ingrid Solberg, has said repeatedly that she is watching services inflation, which is most sensitive to wages, more closely than any other figure. Services prices rose 5.1 per cent over the year, well above the overall rate, suggesting that the labour market is still adding to price pressures in parts of the economy.",
      ),
      bullets(
        'Regular pay growth: 4.4 per cent.',
        'Inflation: 3.1 per cent.',
        'Unemployment: 4.3 per cent, unchanged.',
        'Job vacancies: down for the ninth month in a row.',
      ),
      p(
        'Economists said the fall in vacancies suggested wage growth would slow over the coming months, giving the bank room to start cutting rates early next year. Businesses surveyed by the chambers of commerce said they expected to award smaller pay rises next year.',
      ),
      blockquote(
        'Real wages are rising because inflation is falling, not because pay is accelerating. That is the good kind of recovery for the central bank.',
        '— Priya Raman, economics editor',
      ),
      p(['More on ', link('central banks', '/topic/central-banks'), ' and the ', link('economy', '/business/economy'), '.']),
    ],
  },
];
