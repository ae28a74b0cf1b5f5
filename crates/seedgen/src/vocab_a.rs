//! Vocabulary: apparel, footwear, beauty, jewelry. Format: see `spec.rs`.

pub const APPAREL: &str = "
CAT: apparel
L: Everyday | Weekend | Harbor | Metro | Heritage | Coastline | Studio | Fieldhouse | Northbound | Meadow | Union Street | Canyon | Parkside | Foundry
K: Machine wash cold and tumble dry low. | True to size, with room to layer. | Cut from fabric that gets softer with every wash. | Part of our responsibly sourced collection.
S: shirt | shirt | c | v | 22-95 | any
N: Oxford Shirt | Camp Shirt | Button-Down Shirt | Work Shirt | Overshirt | Henley Shirt
M: cotton | linen | chambray | flannel | poplin | silk
P: white navy blue sage olive khaki charcoal pink coral cream indigo burgundy
A: soft | breathable | crisp | relaxed | tailored | lightweight
F: mother-of-pearl buttons | a relaxed collar | a curved hem | a chest pocket | double-stitched seams | a soft-washed finish
U: warm afternoons | the office | weekend brunch | summer travel | date night | casual Fridays
S: jacket | jacket | c | v | 60-260 | any
N: Field Jacket | Bomber Jacket | Trucker Jacket | Rain Jacket | Chore Jacket | Quilted Jacket
M: canvas | nylon | denim | waxed cotton | suede | leather
P: olive navy black khaki tan charcoal brown indigo mustard burgundy sage
A: rugged | water-resistant | lightweight | structured | warm | versatile
F: a zip-out liner | snap-front pockets | adjustable cuffs | a stand collar | a storm flap | a soft fleece lining
U: cool mornings | city commutes | autumn walks | weekend road trips | layering season | evening outings
S: sweater | sweater | c | v | 38-180 | any
N: Crewneck Sweater | Cardigan | Cable-Knit Sweater | Turtleneck | V-Neck Sweater | Fisherman Sweater
M: cotton | recycled wool | lambswool | merino wool | alpaca | cashmere
P: cream ivory charcoal grey navy burgundy olive mustard sage plum rose emerald
A: cozy | soft | warm | chunky | fine-knit | relaxed
F: ribbed cuffs | a ribbed hem | saddle shoulders | a brushed finish | horn buttons | a relaxed drape
U: chilly evenings | fireside weekends | the holidays | crisp autumn days | cabin trips | the office
S: dress | dress | c | v | 45-220 | fem
N: Wrap Dress | Midi Dress | Slip Dress | Shirt Dress | Sundress | Maxi Dress
M: jersey | cotton | linen | crepe | satin | silk
P: black navy emerald red coral blush lavender ivory sage mustard burgundy rose teal
A: flowing | elegant | breezy | flattering | effortless | graceful
F: a tie waist | hidden pockets | flutter sleeves | a smocked back | a V neckline | adjustable straps
U: summer weddings | garden parties | vacation dinners | date night | brunch with friends | the office
S: pants | pants | p | v | 35-150 | any
N: Chinos | Trousers | Cargo Pants | Wide-Leg Pants | Joggers | Pleated Trousers
M: cotton twill | stretch cotton | denim | linen | corduroy | wool
P: khaki navy black olive charcoal tan beige grey brown cream indigo
A: comfortable | tailored | relaxed | slim | stretchy | durable
F: a flexible waistband | deep front pockets | belt loops | a tapered leg | a clean flat front | a hidden drawstring
U: the office | weekend errands | travel days | dinner out | everyday wear | long flights
S: skirt | skirt | c | v | 30-140 | fem
N: Midi Skirt | Pleated Skirt | A-Line Skirt | Pencil Skirt | Wrap Skirt | Mini Skirt
M: denim | corduroy | linen | satin | tweed | wool
P: black navy burgundy emerald mustard plum blush cream charcoal olive rose
A: swingy | polished | flattering | playful | elegant | classic
F: a side zip | an elastic back waist | box pleats | a front slit | patch pockets | a full lining
U: the office | holiday parties | weekend markets | dinner dates | spring picnics | everyday wear
S: hoodie | hoodie | c | v | 35-110 | any
N: Pullover Hoodie | Zip Hoodie | Fleece Hoodie | Heavyweight Hoodie | Popover Hoodie
M: cotton fleece | recycled fleece | french terry | brushed cotton | organic cotton
P: grey charcoal black navy sage olive burgundy cream mustard lavender teal
A: cozy | soft | roomy | warm | relaxed | durable
F: a kangaroo pocket | a lined hood | ribbed cuffs | flatlock seams | a brushed interior | metal-tipped drawcords
U: lazy Sundays | early runs | movie nights | campus days | road trips | cool evenings
S: coat | coat | c | v | 120-450 | any
N: Peacoat | Trench Coat | Overcoat | Parka | Car Coat | Duffle Coat
M: gabardine | waxed cotton | down-filled nylon | boiled wool | wool | cashmere blend
P: charcoal navy black khaki tan olive burgundy grey ivory brown
A: warm | tailored | timeless | weatherproof | insulated | structured
F: a storm collar | horn buttons | a quilted lining | deep hand pockets | a removable hood | a back vent
U: winter commutes | snowy weekends | holiday travel | cold evenings | city living | formal occasions
";

pub const FOOTWEAR: &str = "
CAT: footwear
L: Trailhead | Stride | Metro | Harbor | Summit | Boardwalk | Ridge | Wanderer | Cobble | Fieldstone | Parkway | Sunday | Avenue
K: Available in half sizes. | Wipe clean with a damp cloth. | Free exchanges if the fit is not quite right. | Broken in by our testers so you do not have to.
S: sneaker | sneaker | c | v | 45-160 | any
N: Court Sneaker | Runner | Low-Top Sneaker | High-Top Sneaker | Slip-On Sneaker | Trainer
M: canvas | recycled knit | knit mesh | suede | leather
P: white black grey navy cream red green blue olive tan coral
A: lightweight | cushioned | breathable | clean-lined | sporty | comfortable
F: a cushioned footbed | a grippy rubber outsole | padded collars | reinforced toe caps | removable insoles | waxed laces
U: city walks | weekend errands | the gym | travel days | casual Fridays | everyday wear
S: boot | boot | c | v | 80-260 | any
N: Hiking Boot | Chelsea Boot | Chukka Boot | Work Boot | Ankle Boot | Lace-Up Boot
M: suede | nubuck | leather | waxed leather | waterproof leather
P: brown tan black walnut khaki olive burgundy grey
A: rugged | waterproof | sturdy | supportive | weatherproof | classic
F: a lugged outsole | a padded collar | a moisture-wicking lining | stitched welts | speed hooks | a steel shank
U: muddy trails | winter commutes | weekend hikes | rainy days | long shifts | autumn outings
S: sandal | sandal | c | v | 25-120 | any
N: Slide Sandal | Strappy Sandal | Sport Sandal | Platform Sandal | Fisherman Sandal | Thong Sandal
M: recycled rubber | cork | suede | leather | woven leather
P: tan brown black white gold silver coral navy beige olive
A: breezy | comfortable | lightweight | strappy | cushioned | packable
F: a contoured footbed | adjustable buckles | quick-dry straps | a cushioned sole | a toe loop | a flexible outsole
U: beach days | summer markets | poolside lounging | vacation walks | backyard barbecues | hot afternoons
S: loafer | loafer | c | v | 70-240 | any
N: Penny Loafer | Driving Loafer | Horsebit Loafer | Tassel Loafer | Loafer
M: velvet | suede | leather | patent leather | calfskin
P: brown tan black burgundy navy walnut cream olive charcoal
A: polished | refined | comfortable | classic | smart | supple
F: a cushioned insole | a stacked heel | hand-stitched aprons | a flexible sole | a leather lining | a padded heel cup
U: the office | weddings | dinner parties | business travel | smart-casual days | weekend brunch
S: heel | heel | c | v | 60-260 | fem
N: Block Heel | Stiletto Heel | Kitten Heel | Slingback Heel | Pump | Ankle-Strap Heel
M: satin | suede | velvet | leather | patent leather
P: black red burgundy blush gold silver ivory navy emerald coral plum
A: elegant | sleek | striking | polished | comfortable | glamorous
F: a padded insole | a pointed toe | an adjustable ankle strap | a slip-resistant sole | a stable block heel | a cushioned footbed
U: weddings | evenings out | the office | holiday parties | cocktail hours | special occasions
S: slipper | slipper | c | v | 20-90 | any
N: Moccasin Slipper | Scuff Slipper | Bootie Slipper | Clog Slipper | Slide Slipper
M: fleece | knit | wool felt | shearling | sheepskin
P: grey charcoal cream brown tan navy burgundy blush sage ivory
A: cozy | plush | warm | soft | cushioned | snug
F: a memory-foam footbed | a non-slip sole | a plush lining | a stretchy collar | a rubber outsole for quick trips outside | a washable insole
U: slow mornings | chilly floors | movie nights | holiday gifting | cabin weekends | lazy Sundays
";

pub const BEAUTY: &str = "
CAT: beauty
L: Bloom | Velvet | Luxe | Pure | Glow | Petal | Radiance | Dewdrop | Botanica | Serenity | Aura | Muse | Solstice
K: Cruelty-free and never tested on animals. | Dermatologist tested for sensitive skin. | Free of parabens and sulfates. | Packaged in recyclable materials.
S: lipstick | lipstick | c | v | 12-48 | fem
N: Lipstick | Lip Color | Long-Wear Lipstick | Hydrating Lipstick | Bullet Lipstick
M: sheer | glossy | satin | matte | velvet
P: red crimson coral pink rose blush plum burgundy
A: long-wearing | hydrating | bold | creamy | smudge-proof | luminous
F: shea butter | a vitamin E blend | a precise bullet | a weightless formula | buildable coverage | a magnetic case
U: everyday wear | evenings out | the office | special occasions | date night | weddings
S: perfume | perfume | m | n | 35-180 | any
N: Eau de Parfum | Eau de Toilette | Perfume | Cologne | Perfume Oil
M: citrus | floral | lavender | woody | musk | vanilla | rose | amber
P: blush pink amber gold black ivory plum lavender teal
A: captivating | fresh | warm | elegant | sensual | bright
F: bright bergamot top notes | a heart of jasmine | a lingering dry-down | a fine-mist atomizer | sustainably sourced essences | long-lasting wear
U: evenings out | everyday wear | special occasions | date night | the office | gifting
C: Presented in a {colour} glass bottle with a weighted cap. | It arrives in a {colour} glass flacon. | The {colour} bottle looks lovely on a vanity.
S: lotion | lotion | m | n | 10-60 | any
N: Body Lotion | Hand Lotion | Daily Lotion | Moisturizing Lotion | Lotion
M: aloe | oat | coconut | almond | shea | lavender | cocoa butter
P: cream ivory white mint blush lavender sage amber
A: nourishing | lightweight | soothing | fast-absorbing | rich | gentle
F: ceramides | a non-greasy finish | hyaluronic acid | a pump bottle | plant-based oils | a light, clean scent
U: dry winter skin | after-shower routines | daily hydration | busy hands | sensitive skin | bedtime routines
C: Packed in a {colour} pump bottle. | Comes in a recyclable {colour} tube.
S: serum | serum | m | n | 18-95 | any
N: Face Serum | Night Serum | Hydrating Serum | Retinol Serum | Glow Serum
M: botanical | hyaluronic | niacinamide | peptide | squalane | retinol
P: amber blush cream ivory mint lavender teal
A: brightening | hydrating | firming | lightweight | gentle | potent
F: a glass dropper | fast-absorbing oils | a fragrance-free formula | antioxidants | clinically tested actives | a silky texture
U: morning routines | night routines | dull winter skin | sensitive skin | pre-makeup prep | weekly resets
C: Bottled in {colour} glass to protect the formula. | Sealed in a {colour} dropper bottle.
S: shampoo | shampoo | m | n | 9-45 | any
N: Shampoo | Clarifying Shampoo | Volumizing Shampoo | Repair Shampoo | Moisture Shampoo | Shampoo Bar
M: citrus | coconut | honey | mint | tea tree | rosemary | argan | charcoal
P: amber green teal white cream mint blue ivory
A: gentle | clarifying | nourishing | sulfate-free | refreshing | volumizing
F: a rich lather | plant proteins | a dye-safe formula | a refillable bottle | a clean scent | a scalp-soothing blend
U: daily washing | post-workout showers | dyed hair | fine hair | beach days | weekly resets
C: Comes in a {colour} refillable bottle. | Packed in a {colour} recycled bottle.
S: nail-polish | nail polish | m | v | 8-24 | fem
N: Nail Polish | Nail Lacquer | Gel Polish | Nail Color
M: glossy | matte | shimmer | chrome
P: red crimson coral pink blush plum burgundy lavender mint teal navy gold silver black
A: chip-resistant | quick-drying | high-shine | long-lasting | vibrant | smooth
F: a wide brush | a ten-free formula | two-coat coverage | a built-in base coat | salon-quality shine | an easy-off finish
U: weekend manicures | special occasions | the holidays | beach vacations | everyday polish | self-care nights
S: beard-oil | beard oil | m | n | 12-38 | masc
N: Beard Oil | Conditioning Beard Oil | Grooming Beard Oil | Daily Beard Oil
M: unscented | citrus | cedarwood | sandalwood | bay rum | vetiver
P: amber brown black charcoal walnut copper bronze
A: conditioning | lightweight | softening | nourishing | woodsy | smooth
F: cold-pressed jojoba oil | a glass dropper | a non-greasy finish | vitamin E | a subtle scent | a travel-size bottle
U: daily grooming | itchy new growth | the morning routine | gifting | travel kits | weekend stubble
C: Bottled in {colour} glass with a dropper cap. | Packed in a {colour} apothecary bottle.
";

pub const JEWELRY: &str = "
CAT: jewelry
L: Aurora | Solstice | Heirloom | Luna | Celeste | Everly | Maison | Stella | Meridian | Cascade | Isla | Atelier | Seraphina
K: Hypoallergenic and nickel-free. | Arrives in a gift box with a polishing cloth. | Finished by hand by independent artisans. | Free cleaning and repairs for the first year.
S: necklace | necklace | c | v | 30-420 | any
N: Pendant Necklace | Chain Necklace | Choker Necklace | Layered Necklace | Locket Necklace | Bar Necklace
M: beaded glass | enamel | gold-plated brass | freshwater pearl | sterling silver | gold vermeil
P: turquoise emerald coral navy blush ivory cream teal black red lavender
A: delicate | elegant | minimalist | dainty | timeless | bold
F: an adjustable chain | a lobster clasp | a hand-polished pendant | an extender chain | a hidden bail | a tarnish-resistant finish
U: everyday layering | anniversary gifts | evenings out | weddings | the office | birthdays
S: ring | ring | c | v | 25-650 | any
N: Band Ring | Signet Ring | Stacking Ring | Cocktail Ring | Solitaire Ring | Ring
M: enamel | tungsten | titanium | sterling silver | gold vermeil | solid gold
P: black emerald turquoise navy ivory teal red blush
A: polished | timeless | sleek | bold | delicate | classic
F: a comfort-fit interior | a hand-set stone | a brushed finish | an engraved band | a low-profile setting | a hammered texture
U: everyday wear | engagements | anniversaries | stacking | graduations | milestone birthdays
S: earrings | earrings | p | v | 20-380 | fem
N: Hoop Earrings | Stud Earrings | Drop Earrings | Huggie Earrings | Chandelier Earrings | Threader Earrings
M: beaded glass | enamel | gold-plated brass | freshwater pearl | sterling silver | gold vermeil
P: turquoise emerald coral blush ivory cream teal lavender black red navy
A: delicate | lightweight | elegant | playful | dainty | sparkling
F: hypoallergenic posts | secure butterfly backs | a hinged closure | a hand-polished finish | lightweight hollow construction | a gift pouch
U: everyday wear | weddings | holiday parties | the office | date night | birthday gifts
S: bracelet | bracelet | c | v | 25-420 | any
N: Cuff Bracelet | Bangle | Chain Bracelet | Tennis Bracelet | Beaded Bracelet | Charm Bracelet
M: leather | copper | bronze | sterling silver | gold vermeil
P: turquoise black brown navy coral teal emerald ivory tan
A: stackable | polished | delicate | bold | adjustable | timeless
F: a sliding clasp | an adjustable fit | a hand-hammered surface | a secure box clasp | an engraving plate | a charm loop
U: everyday stacking | summer outfits | graduation gifts | date night | the office | milestone birthdays
S: watch | watch | c | v | 85-950 | any
N: Field Watch | Dress Watch | Chronograph Watch | Dive Watch | Automatic Watch | Quartz Watch
M: stainless steel | ceramic | bronze | titanium | gold-tone steel
P: black navy white silver green brown charcoal cream teal blue
A: timeless | precise | rugged | refined | water-resistant | classic
F: a sapphire crystal | luminous hands | a date window | a quick-release strap | a screw-down crown | a Swiss movement
U: the office | weekend adventures | formal events | daily wear | graduations | milestone gifts
S: brooch | brooch | c | v | 25-260 | fem
N: Brooch | Flower Brooch | Bee Brooch | Vintage Brooch | Lapel Brooch | Bird Brooch
M: enamel | crystal | bronze | freshwater pearl | sterling silver | gold vermeil
P: emerald red navy coral turquoise blush lavender ivory teal plum
A: whimsical | vintage-inspired | elegant | charming | ornate | delicate
F: a secure locking pin | hand-painted details | a safety clasp | crystal accents | a keepsake box | an antiqued finish
U: coat lapels | hats and scarves | wedding days | holiday dressing | gifting | vintage outfits
S: cufflinks | cufflinks | p | v | 35-240 | masc
N: Cufflinks | Knot Cufflinks | Bar Cufflinks | Engraved Cufflinks | Oval Cufflinks
M: enamel | stainless steel | onyx | mother-of-pearl | gold-plated brass | sterling silver
P: black navy burgundy emerald cobalt ivory charcoal
A: polished | classic | refined | dapper | timeless | understated
F: a swivel back | a hand-polished face | a gift case | an engraving-ready face | a bullet-back closure | a brushed edge
U: weddings | formal galas | the office | groomsmen gifts | formal dinners | graduations
";
