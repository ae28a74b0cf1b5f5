//! Vocabulary: seasonal, floral, books, groceries. Format: see `spec.rs`.

pub const SEASONAL: &str = "
CAT: seasonal
L: Evergreen | Yuletide | Harvest | Frost | Hearthside | Jubilee | Snowfall | Starlight | Winterberry | Holly | Mistletoe | Twinkle | Nordic Pine
K: Store flat and reuse year after year. | Part of our limited holiday collection. | Order early; quantities are limited. | Packed in a keepsake box for easy storage.
S: ornament | ornament | c | v | 8-45 | -
N: Glass Ornament | Ball Ornament | Star Ornament | Snowflake Ornament | Heirloom Ornament | Bauble Ornament
M: felt | wood | porcelain | blown glass | mercury glass | gold-tone brass
P: red gold silver green white crimson emerald navy cobalt burgundy blush copper
A: festive | handmade | sparkling | whimsical | delicate | shimmering
F: a hanging loop | hand-painted details | a gift box | a shatter-resistant shell | glitter accents | a keepsake date stamp
U: the tree | holiday gifting | advent traditions | festive garlands | mantel displays | first-holiday keepsakes
S: wreath | wreath | c | v | 35-160 | -
N: Door Wreath | Magnolia Wreath | Eucalyptus Wreath | Berry Wreath | Pine Wreath | Twig Wreath
M: faux pine | grapevine | boxwood | preserved eucalyptus | magnolia leaf
P: red green white gold burgundy sage silver cream
A: lush | fragrant | festive | rustic | welcoming | full
F: a velvet bow | pinecone accents | a sturdy hanging loop | frosted tips | berry clusters | a wire frame
U: the front door | mantels | holiday parties | winter windows | fall porches | gifting
S: lights | string lights | p | v | 15-90 | -
N: String Lights | Fairy Lights | Icicle Lights | Globe Lights | Curtain Lights | Cafe Lights
M: battery-powered | plug-in | solar | LED
P: white gold amber red green blue purple silver copper
A: twinkling | warm | energy-efficient | weatherproof | bright | festive
F: eight lighting modes | a timer function | a remote control | connectable strands | bendable wire | shatterproof bulbs
U: patio evenings | the tree | holiday windows | bedroom walls | outdoor parties | winter weddings
S: stocking | stocking | c | v | 14-60 | -
N: Christmas Stocking | Knit Stocking | Personalized Stocking | Quilted Stocking | Cuffed Stocking
M: felt | quilted cotton | knit wool | velvet | faux fur
P: red crimson burgundy green emerald ivory cream grey navy white
A: festive | cozy | oversized | classic | plush | charming
F: a cuffed top | a hanging loop | a personalizable cuff | a plush lining | pom-pom trim | embroidered details
U: the mantel | holiday mornings | family traditions | gifting | first holidays | stairway banisters
S: pumpkin | pumpkin | c | v | 12-70 | -
N: Decorative Pumpkin | Velvet Pumpkin | Ceramic Pumpkin | Heirloom Pumpkin | Pumpkin Trio | Tabletop Pumpkin
M: resin | papier-mache | glass | ceramic | stoneware | velvet
P: orange white cream sage mustard copper gold amber burgundy
A: festive | rustic | charming | handcrafted | cozy | whimsical
F: a natural stem topper | a weighted base | hand-painted ridges | a speckled glaze | a nesting trio | an optional glow light
U: fall mantels | Thanksgiving tables | porch steps | harvest parties | autumn entryways | Halloween displays
S: garland | garland | c | v | 20-95 | -
N: Pine Garland | Eucalyptus Garland | Bead Garland | Felt Ball Garland | Leaf Garland | Berry Garland
M: paper | felt | wood bead | faux pine | eucalyptus
P: green sage red white gold cream burgundy silver
A: lush | festive | flexible | rustic | fragrant | full
F: bendable wire stems | pinecone accents | a nine-foot length | an optional prelit strand | hanging loops | berry sprigs
U: mantels | staircases | doorways | holiday tables | shelves | winter weddings
";

pub const FLORAL: &str = "
CAT: floral
L: Bloom | Petal | Meadow | Garden Party | Wildflower | Blossom | Sunrise | Dew | Trellis | Orchard | Cottage | Posy | Springtide
K: Hand-arranged the morning it ships. | Includes a flower food packet and care card. | Add a handwritten note at checkout. | Delivered in a hydrating travel pack.
S: bouquet | bouquet | c | v | 35-150 | -
N: Mixed Bouquet | Seasonal Bouquet | Garden Bouquet | Hand-Tied Bouquet | Market Bouquet
M: freesia | lily | dahlia | hydrangea | ranunculus | peony
P: pink blush coral white ivory yellow lavender purple orange red crimson cream
A: fresh | cheerful | romantic | vibrant | fragrant | lush
F: seasonal greenery | a hand-tied finish | an optional glass vase | eucalyptus accents | long-lasting blooms | a kraft wrap
U: birthdays | anniversaries | thank-you gifts | dinner tables | get-well wishes | Mother's Day
S: roses | roses | p | v | 25-90 | -
N: Garden Roses | Long-Stem Roses | Spray Roses | Dozen Roses | Premium Roses
M: fair-trade | spray | garden | heirloom | Ecuadorian
P: red crimson pink blush white ivory yellow coral lavender burgundy orange
A: romantic | fragrant | classic | lush | velvety | elegant
F: hand-selected stems | thornless stems | lush greenery | a satin ribbon | an optional glass vase | a care card
U: anniversaries | Valentine's Day | date nights | apologies | birthdays | weddings
S: tulips | tulips | p | v | 25-75 | -
N: Tulips | French Tulips | Parrot Tulips | Double Tulips | Spring Tulips
M: garden | Dutch | fringed | double | French
P: yellow pink red white purple orange coral lavender blush cream
A: cheerful | bright | graceful | fresh | vibrant | elegant
F: closed buds that open at home | a paper wrap | a satin ribbon | tall stems | an optional glass vase | a flower food packet
U: spring tables | Easter brunch | birthdays | housewarmings | Mother's Day | office desks
S: orchid | orchid | c | v | 30-120 | -
N: Phalaenopsis Orchid | Orchid Plant | Double-Stem Orchid | Mini Orchid | Cascading Orchid
P: white blush pink purple lavender yellow plum coral
A: elegant | long-blooming | graceful | exotic | easy-care | serene
F: a glazed ceramic pot | a bamboo stake | multiple bloom spikes | care instructions | a moss topper | a decorative cachepot
U: home offices | windowsills | hostess gifts | bathrooms | housewarmings | sympathy gifts
S: succulent | succulent | c | v | 15-60 | -
N: Echeveria Succulent | Succulent Trio | Succulent Garden | Jade Succulent | Aloe Succulent | Succulent Planter
M: terracotta | concrete | ceramic | stoneware
P: white sage mint blush grey charcoal cream teal coral
A: low-maintenance | hardy | charming | sculptural | easy-care | compact
F: a drainage hole | a cactus soil mix | a gravel topper | a care card | a saucer | a gift box
U: sunny windowsills | desks | bookshelves | beginners | housewarmings | office gifts
S: peonies | peonies | p | v | 40-120 | -
N: Peonies | Garden Peonies | Farm Peonies | June Peonies | Bridal Peonies
M: seasonal | farm-grown | garden | heirloom | double-bloom
P: blush pink coral white ivory crimson burgundy lavender cream
A: lush | romantic | fragrant | voluminous | dreamy | showy
F: tight buds that open over days | seasonal greenery | a kraft wrap | a satin ribbon | farm-direct stems | a flower food packet
U: weddings | bridal showers | anniversaries | spring dinners | Mother's Day | birthdays
S: arrangement | arrangement | c | v | 45-220 | -
N: Centerpiece Arrangement | Table Arrangement | Floral Arrangement | Dried Flower Arrangement | Tall Arrangement | Low Arrangement
M: dried | woven | glass | ceramic | stoneware
P: white blush ivory cream coral lavender burgundy yellow orange sage red
A: lush | elegant | seasonal | sculptural | vibrant | serene
F: a reusable vase | designer-chosen blooms | long-lasting greenery | a compact footprint | a keepsake container | a moss base
U: dining tables | receptions | sympathy gifts | office lobbies | anniversaries | holiday gatherings
";

pub const BOOKS: &str = "
CAT: books
L: Lantern | Compass | Chapter | Folio | Quill
K: A great pick for book clubs. | Printed on acid-free, responsibly sourced paper. | Also available as an audiobook. | Signed bookplates available while supplies last.
S: novel | novel | c | n | 12-32 | -
L: Orchard | Lighthouse | Harbor | Meadow | River | Glass House | Salt Marsh | Stone Bridge | Tidewater | Far Shore | Hollow | Vineyard | Northern Pass | Quiet Valley | Old Mill
N: The {L} Keeper | Beyond the {L} | The Last Days of the {L} | A House by the {L} | Letters from the {L} | Return to the {L} | Daughters of the {L} | The Secret of the {L} | Night at the {L} | Summer at the {L}
M: literary | mystery | historical | romance | suspense | coming-of-age | fantasy
P: navy teal burgundy cream ivory plum emerald coral mustard charcoal sage
A: gripping | moving | atmospheric | page-turning | tender | suspenseful
F: an unforgettable narrator | a twisty plot | richly drawn characters | a book-club guide | an author interview | a satisfying ending
U: long flights | beach reads | book clubs | rainy weekends | cozy nights in | gifting
C: Hardcover, bound in {colour} cloth with a foil-stamped spine. | The {colour} dust jacket is as striking as the story. | Paperback edition with a {colour} cover and deckled edges.
S: cookbook | cookbook | c | n | 18-45 | -
L: Weeknight | Farmhouse | Coastal | Harvest | Mediterranean | Skillet | Sunday Supper | Garden | Pantry | Market | Hearth | Backyard | Small Kitchen | Fireside
N: The {L} Table | {L} Kitchen | Simply {L} | The {L} Cookbook | {L} Suppers | Everyday {L} | {L}: Recipes for Every Day
M: vegetarian | baking | one-pot | family | seasonal | plant-based | grilling
P: sage mustard coral cream olive teal red
A: approachable | inspiring | beautifully photographed | practical | generous | joyful
F: over one hundred recipes | step-by-step photos | make-ahead tips | a seasonal menu planner | pantry shortcuts | wine pairings
U: busy weeknights | holiday entertaining | new cooks | family dinners | meal planning | gifting
C: Hardcover with a {colour} linen spine and lay-flat binding. | The {colour} cloth cover wipes clean after messy sessions.
S: biography | biography | c | n | 16-38 | -
L: Pioneer | Architect | Aviator | Composer | Inventor | Painter | Naturalist | Explorer | Astronomer | Novelist | Mapmaker | Chef | Physician | Diplomat
N: The {L} | Portrait of a {L} | The {L}'s Journey | The Restless {L} | A {L}'s Life | The Unlikely {L} | The Reluctant {L}
M: illustrated | definitive | intimate | award-winning | authorized | candid
P: navy black burgundy charcoal ivory
A: revealing | inspiring | meticulous | vivid | compelling | honest
F: never-before-seen letters | a photo insert | extensive interviews | detailed endnotes | a timeline of key events | an afterword by the author
U: history buffs | book clubs | curious readers | long weekends | gifting | commutes
C: Hardcover with a {colour} jacket and sixteen pages of photos. | Bound in {colour} cloth with a ribbon marker.
S: children | children's book | c | n | 8-22 | -
L: Little Fox | Sleepy Bear | Brave Mouse | Tiny Dragon | Busy Owl | Curious Otter | Dancing Moose | Wandering Whale | Gentle Giant | Lost Kitten | Happy Hedgehog | Friendly Robot
N: The {L} Goes Home | Goodnight, {L} | Where Is the {L}? | The {L} Who Could | A Day with the {L} | The {L} and the Big Storm | The {L} Learns to Share
M: bedtime | illustrated | rhyming | early-reader | lift-the-flap | read-aloud
P: yellow red blue green orange pink teal
A: charming | cheerful | gentle | funny | heartwarming | playful
F: bright illustrations | sturdy pages | a read-aloud rhythm | a hidden character on every page | a parent guide | lift-the-flap surprises
U: bedtime | story time | preschoolers | new siblings | first birthdays | classroom libraries
C: Hardcover with a {colour} cover and rounded corners. | The {colour} cover has a soft, wipeable finish.
S: travel | travel guide | c | n | 14-35 | -
L: Lisbon | Kyoto | Patagonia | Iceland | Tuscany | Scotland | New Zealand | Morocco | Vietnam | Peru | Norway | Provence | Cape Town | Quebec | Oaxaca
N: {L} on Foot | The Essential {L} | {L}: A Traveler's Companion | Wandering {L} | {L} by Rail | {L} Off the Beaten Path | Slow Travel: {L}
M: pocket | illustrated | practical | photographic | insider | budget
P: teal orange navy green yellow coral red
A: practical | inspiring | well-researched | up-to-date | compact | detailed
F: fold-out maps | curated itineraries | local restaurant picks | phrasebook sections | neighborhood walks | packing checklists
U: first-time visitors | weekend escapes | backpackers | slow travelers | road trips | armchair travelers
C: Flexibound in a {colour} water-resistant cover. | Pocket-sized, with a {colour} cover and an elastic band.
S: history | history book | c | n | 18-40 | -
L: Silk Road | Atlantic | Railroad | Printing Press | Great Lakes | Medieval Guilds | Spice Trade | Lighthouse Keepers | Telegraph | Clockmakers | Ocean Liners | Frontier Towns
N: The {L}: A History | Empire of the {L} | The Age of the {L} | Rise of the {L} | The {L} and the Making of the Modern World | A Short History of the {L} | The Forgotten {L}
M: narrative | illustrated | social | maritime | economic | military
P: burgundy navy brown charcoal olive black
A: sweeping | authoritative | readable | fascinating | richly detailed | award-winning
F: archival maps | a photo section | full source notes | a timeline | a cast of characters | original research
U: history buffs | curious readers | students | book clubs | long winter evenings | gifting
C: Hardcover, bound in {colour} cloth with a printed jacket. | The {colour} jacket features an archival engraving.
S: poetry | poetry collection | c | n | 12-28 | -
L: Salt | Lanterns | Small Hours | Field Notes | Weather | Stone Fruit | Quiet Rooms | Wild Geese | Tidelines | Winter Birds | Kindling | Open Windows | Late Light | Paper Boats
N: {L}: Poems | The Book of {L} | Notes on {L} | Songs of {L} | {L} and Other Poems
M: debut | collected | new | selected | prize-winning | bilingual
P: cream ivory blush sage lavender plum charcoal
A: luminous | spare | tender | lyrical | bold | haunting
F: an introduction by the editor | notes on the poems | a ribbon bookmark | facing-page translations | generous margins | a reading guide
U: quiet mornings | gifting | poetry lovers | bedside reading | book clubs | rainy afternoons
C: A slim volume with a {colour} cover and French flaps. | Bound in {colour} paper boards with a ribbon marker.
";

pub const GROCERIES: &str = "
CAT: groceries
L: Hillside | Old Mill | Farmstead | Riverbend | Stonewall | Meadowbrook | Sunny Acres | Pantry Row | Bramble | Fieldstone | Cornerstone | Orchard Lane | Hearthstone
K: Small-batch and shipped fresh. | Sourced directly from independent growers. | Best enjoyed within three months of opening. | Every purchase supports family farms.
S: coffee | coffee | m | n | 12-28 | -
N: Coffee | Whole Bean Coffee | Ground Coffee | Cold Brew Coffee | Coffee Beans
M: decaf | light roast | medium roast | dark roast | espresso blend | single-origin
P: black white brown navy teal copper amber
A: smooth | bold | bright | rich | balanced | chocolatey
F: notes of dark cocoa | a velvety body | fair-trade beans | a one-way valve bag | roast-to-order freshness | a low-acid finish
U: slow mornings | pour-over brewing | espresso machines | office breaks | camping trips | gifting
C: Packed in a resealable {colour} bag. | Ships in a {colour} kraft pouch stamped with the roast date. | Sold in a {colour} tin that keeps the beans fresh.
S: tea | tea | m | n | 8-30 | -
N: Loose Leaf Tea | Tea Sachets | Tea | Tea Blend | Tea Tin
M: breakfast | chamomile | chai | jasmine | oolong | mint | green | earl grey
P: red teal navy plum black cream sage
A: soothing | fragrant | robust | delicate | refreshing | calming
F: whole-leaf quality | biodegradable sachets | a bright, clean finish | organic leaves | a hint of citrus | a reusable tin
U: afternoon breaks | bedtime | iced tea season | cozy mornings | tea parties | gifting
C: Packed in a {colour} tin. | Sold in a resealable {colour} pouch.
S: chocolate | chocolate | m | n | 6-40 | -
N: Chocolate Bar | Truffles | Chocolate Bark | Bonbons | Drinking Chocolate | Chocolate Collection
M: milk | dark | hazelnut | mint | orange | sea salt caramel | single-origin
P: gold red navy burgundy copper teal plum ivory
A: silky | decadent | rich | handcrafted | indulgent | smooth
F: fair-trade cacao | a satisfying snap | no artificial flavors | a gift box | seventy percent cacao | hand-tempered chocolate
U: dessert | holiday gifting | movie nights | afternoon treats | hostess gifts | hot cocoa evenings
C: Wrapped in {colour} foil. | Presented in a {colour} keepsake box.
S: pasta | pasta | m | n | 5-18 | -
N: Pasta | Rigatoni | Fusilli | Pappardelle | Spaghetti | Orecchiette
M: durum wheat | whole wheat | semolina | spelt | egg | gluten-free
P: blue red yellow navy cream mustard
A: hearty | rustic | tender | artisanal | toothsome | authentic
F: a rough texture that holds sauce | slow drying | heritage grains | a quick cooking time | Italian wheat | sauce-hugging ridges
U: weeknight dinners | family suppers | potlucks | date nights at home | pasta salads | Sunday sauce
C: Packed in a {colour} paper bag with a clear window. | Sold in a {colour} box.
S: olive-oil | olive oil | m | n | 14-48 | -
N: Extra-Virgin Olive Oil | Olive Oil | Finishing Olive Oil | Cooking Olive Oil | Infused Olive Oil
M: Californian | Spanish | Greek | Tuscan | Sicilian | early-harvest | garlic-infused
P: olive
A: peppery | fruity | buttery | robust | grassy | smooth
F: a cold-pressed process | a harvest date on every bottle | a single-estate source | low acidity | a pour spout | a light-blocking bottle
U: salads | bread dipping | roasted vegetables | finishing pasta | everyday cooking | gifting
C: Bottled in {colour}-tinted glass. | Sealed in a {colour} tin to keep out the light.
S: honey | honey | m | n | 9-32 | -
N: Raw Honey | Honey | Creamed Honey | Honeycomb | Wildflower Honey | Hot Honey
M: clover | wildflower | orange blossom | buckwheat | sage | lavender | tupelo | manuka
P: amber gold yellow cream
A: floral | rich | smooth | raw | delicate | robust
F: a local apiary source | unfiltered goodness | a wooden dipper | a glass jar | a squeeze bottle | natural crystallization
U: morning tea | toast and biscuits | cheese boards | baking | sore throats | gifting
C: Jarred in glass with a {colour} lid. | Packed in a {colour}-labeled jar.
S: cheese | cheese | m | n | 8-45 | -
N: Cheddar | Gouda | Brie | Manchego | Cheese Wedge | Alpine Cheese
M: farmhouse | herbed | smoked | aged | cave-ripened | truffle
P: red black yellow white cream ivory
A: nutty | sharp | creamy | tangy | buttery | mellow
F: raw-milk tradition | a natural rind | small-batch aging | grass-fed milk | a wax seal | a pairing card
U: cheese boards | picnics | wine nights | holiday gatherings | sandwiches | gifting
C: Wrapped in {colour} wax paper. | Sealed in {colour} wax.
S: fruit | fruit basket | c | n | 25-90 | -
N: Fruit Basket | Orchard Box | Citrus Box | Fruit Crate | Pear Box | Fruit Sampler
M: seasonal | citrus | tropical | organic | orchard-fresh | heirloom apple
P: red green yellow orange white navy
A: fresh | juicy | sun-ripened | crisp | sweet | wholesome
F: hand-picked fruit | a reusable wooden crate | a gift card | a ripeness guide | tissue-wrapped pieces | farm-direct shipping
U: holiday gifting | thank-you gifts | office snacks | healthy households | family breakfasts | get-well wishes
C: Packed in a {colour} gift box. | Delivered in a {colour}-ribboned crate.
";
