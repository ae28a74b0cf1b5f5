//! Vocabulary: outdoors, electronics, instruments, tools. Format: see `spec.rs`.

pub const OUTDOORS: &str = "
CAT: outdoors
L: Trailhead | Summit | Ridgeline | Basecamp | Timberline | Switchback | Cascade | Backcountry | Alpine | Lakeside | Canyon | Pathfinder | Wildland
K: Field-tested by our own guides. | Backed by a lifetime warranty against defects. | Packs down small for the trunk or the trail. | Repair kits and spare parts are always in stock.
S: tent | tent | c | v | 90-650 | -
N: 2-Person Tent | 4-Person Tent | Backpacking Tent | Dome Tent | Family Tent | Ultralight Tent
M: polyester | ripstop nylon | silnylon | canvas
P: orange green olive yellow grey blue sage tan red teal
A: roomy | weatherproof | lightweight | sturdy | quick-pitching | spacious
F: two vestibules | color-coded poles | a full rainfly | mesh ventilation panels | taped seams | interior gear pockets
U: weekend camping | backpacking trips | festival season | family campouts | alpine nights | lakeside getaways
S: sleeping-bag | sleeping bag | c | v | 60-380 | -
N: Mummy Sleeping Bag | Rectangular Sleeping Bag | Down Sleeping Bag | Double Sleeping Bag | Youth Sleeping Bag
M: flannel-lined cotton | recycled fill | synthetic insulation | down
P: navy red orange green blue charcoal olive teal plum yellow
A: warm | packable | lightweight | roomy | toasty | compressible
F: a draft collar | a full-length zip | a contoured hood | a stuff sack | a zippered stash pocket | a 20-degree rating
U: chilly nights | backpacking trips | car camping | sleepovers | winter hut trips | shoulder-season camping
S: lantern | lantern | c | v | 18-90 | -
N: Camp Lantern | LED Lantern | Solar Lantern | Collapsible Lantern | Hanging Lantern
M: recycled plastic | aluminum | steel | copper
P: black green orange red yellow silver grey navy olive
A: bright | rechargeable | rugged | compact | dimmable | weather-resistant
F: a 400-lumen output | a USB charging port | a folding hook | three brightness modes | a soft night-light mode | an all-night battery
U: campsite dinners | power outages | backyard evenings | tent nights | fishing trips | late hikes
S: kayak | kayak | c | v | 350-1400 | -
N: Touring Kayak | Sit-On-Top Kayak | Recreational Kayak | Inflatable Kayak | Fishing Kayak
M: drop-stitch PVC | polyethylene | fiberglass | composite
P: red orange yellow teal blue green turquoise coral olive grey
A: stable | nimble | sleek | roomy | responsive | durable
F: a padded seat | adjustable foot braces | a sealed hatch | bungee deck rigging | a skeg for straight tracking | bow-to-stern carry handles
U: calm lakes | coastal paddles | river days | fishing mornings | summer weekends | sunrise outings
S: bike | bike | c | v | 350-2200 | -
N: Gravel Bike | Commuter Bike | Mountain Bike | Hybrid Bike | Road Bike | Cruiser Bike
M: steel | aluminum | chromoly | carbon
P: black red blue green teal orange silver grey navy olive mint cobalt
A: fast | nimble | comfortable | responsive | lightweight | sturdy
F: hydraulic disc brakes | a wide-range drivetrain | tubeless-ready wheels | rack mounts | an upright riding position | a dropper post
U: daily commutes | weekend group rides | gravel roads | singletrack trails | errands around town | century rides
S: hammock | hammock | c | v | 30-140 | -
N: Camping Hammock | Double Hammock | Travel Hammock | Rope Hammock | Hammock Chair
M: canvas | cotton rope | parachute nylon | ripstop nylon
P: orange teal green navy olive grey red turquoise blue khaki
A: packable | comfortable | roomy | lightweight | breathable | sturdy
F: tree-friendly straps | an integrated bug net | aluminum carabiners | a built-in stuff sack | a ridgeline organizer | reinforced stitching
U: lazy afternoons | backcountry naps | beach trips | backyard lounging | festival weekends | campsite reading
S: camp-stove | camp stove | c | v | 35-220 | -
N: Backpacking Stove | Two-Burner Stove | Canister Stove | Camp Stove | Folding Stove
M: aluminum | stainless steel | cast iron | titanium
P: black green orange silver red grey olive blue
A: compact | efficient | windproof | reliable | lightweight | powerful
F: push-button ignition | a simmer control | fold-out pot supports | a built-in windscreen | a carrying case | an integrated fuel regulator
U: trail breakfasts | car camping | tailgate cookouts | backcountry dinners | emergency kits | morning coffee outdoors
S: cooler | cooler | c | v | 40-380 | -
N: Hard Cooler | Soft Cooler | Rolling Cooler | Backpack Cooler | Day Cooler
M: insulated nylon | waxed canvas | rotomolded plastic | stainless steel
P: white tan teal navy red orange olive grey sage coral blue
A: rugged | insulated | leakproof | portable | roomy | durable
F: a gasket-sealed lid | molded handles | a drain plug | a dry-goods basket | thick foam walls | bottle-opener latches
U: beach days | tailgates | fishing trips | road trips | backyard parties | multi-day campouts
";

pub const ELECTRONICS: &str = "
CAT: electronics
L: Pulse | Vertex | Nova | Echo | Lumen | Apex | Orbit | Quantum | Stratus | Prism | Vector | Zenith | Halo | Circuit
K: Includes a two-year limited warranty. | Free software updates for the life of the device. | Ships with a USB-C cable. | Recyclable packaging, no plastic.
S: headphones | headphones | p | v | 29-450 | -
N: Wireless Headphones | Noise-Canceling Headphones | Over-Ear Headphones | Studio Headphones | On-Ear Headphones | Sport Headphones
M: matte plastic | fabric | vegan leather | aluminum
P: black white silver navy grey charcoal blush mint cobalt beige sage
A: immersive | comfortable | lightweight | foldable | punchy | balanced
F: active noise canceling | thirty-hour battery life | memory-foam ear cushions | a built-in microphone | multipoint pairing | fast charging
U: long flights | focused work sessions | the daily commute | late-night listening | workouts | video calls
S: speaker | speaker | c | v | 35-400 | -
N: Bluetooth Speaker | Smart Speaker | Bookshelf Speaker | Portable Speaker | Soundbar | Party Speaker
M: rubberized | fabric-wrapped | aluminum | walnut
P: black white grey charcoal navy teal red blue sage coral mint
A: room-filling | waterproof | portable | compact | powerful | warm-sounding
F: 360-degree sound | a twelve-hour battery | voice-assistant support | stereo pairing | a splash-proof shell | a built-in carry strap
U: backyard parties | beach days | kitchen playlists | movie nights | camping trips | home offices
S: camera | camera | c | v | 180-2400 | -
N: Mirrorless Camera | Instant Camera | Action Camera | Compact Camera | Film Camera | Vlogging Camera
M: polycarbonate | leatherette | aluminum | magnesium alloy
P: black silver grey charcoal white mint coral blue tan
A: sharp | compact | weather-sealed | versatile | fast | intuitive
F: in-body stabilization | a flip-out touchscreen | 4K video | dual card slots | a fast hybrid autofocus | a built-in viewfinder
U: travel photography | family milestones | street shooting | vlogging | weekend adventures | wildlife outings
S: laptop | laptop | c | v | 600-2200 | -
N: Ultrabook | Laptop | 2-in-1 Laptop | Creator Laptop | Gaming Laptop | Chromebook
M: recycled aluminum | aluminum | magnesium | carbon fiber
P: silver grey charcoal black navy blue gold
A: thin | powerful | lightweight | fast | quiet | long-lasting
F: an all-day battery | a backlit keyboard | a high-resolution display | a fingerprint reader | two Thunderbolt ports | a precision glass trackpad
U: remote work | college classes | photo editing | business travel | coding marathons | streaming nights
S: phone | phone | c | v | 199-1299 | -
N: Smartphone | Phone | Foldable Phone | Pro Phone | Mini Phone | Camera Phone
M: recycled plastic | aluminum | glass | titanium
P: black white silver blue green purple coral mint lavender gold navy
A: fast | sleek | capable | slim | durable | bright
F: a triple-lens camera | a smooth high-refresh display | wireless charging | all-day battery life | water resistance | a night photo mode
U: busy days | travel | social sharing | staying connected | mobile gaming | navigation on the go
S: tablet | tablet | c | v | 199-1199 | -
N: Tablet | Pro Tablet | Mini Tablet | Reader Tablet | Kids Tablet | Air Tablet
M: polycarbonate | recycled aluminum | aluminum | glass
P: silver grey black blue pink green purple navy mint white
A: portable | bright | responsive | slim | versatile | lightweight
F: stylus support | a detachable keyboard | a laminated display | quad speakers | a face-unlock camera | a ten-hour battery
U: sketching | reading in bed | streaming shows | note-taking | family road trips | homework
S: smartwatch | smartwatch | c | v | 129-799 | -
N: Smartwatch | Fitness Smartwatch | GPS Smartwatch | Hybrid Smartwatch | Sport Smartwatch
M: aluminum | stainless steel | ceramic | titanium
P: black silver gold blush navy green grey white pink charcoal
A: smart | sleek | rugged | lightweight | water-resistant | intuitive
F: heart-rate tracking | built-in GPS | sleep insights | a bright always-on display | contactless payments | a week-long battery
U: morning runs | training plans | busy workdays | swim sessions | hiking trips | better sleep
S: keyboard | keyboard | c | v | 49-260 | -
N: Mechanical Keyboard | Wireless Keyboard | Compact Keyboard | Ergonomic Keyboard | Low-Profile Keyboard
M: recycled plastic | steel | aluminum | walnut
P: black white grey charcoal navy beige cream mint lavender coral teal
A: tactile | quiet | compact | ergonomic | responsive | sturdy
F: hot-swappable switches | adjustable backlighting | a detachable cable | multi-device pairing | a built-in wrist rest | programmable keys
U: long writing sessions | coding | gaming nights | the home office | travel setups | spreadsheets
";

pub const INSTRUMENTS: &str = "
CAT: instruments
L: Sonata | Cadence | Harmony | Encore | Crescendo | Vintage | Studio | Allegro | Tempo | Resonance | Overture | Melody | Ballad
K: Professionally set up before it ships. | Ships with care instructions and a setup guide. | Includes a month of free online lessons. | Tuned and inspected by our in-house technicians.
S: guitar | guitar | c | v | 150-1800 | -
N: Acoustic Guitar | Electric Guitar | Classical Guitar | Parlor Guitar | Dreadnought Guitar | Travel Guitar
M: maple | spruce | mahogany | koa | rosewood | walnut
P: black white red blue tan cream mint teal cobalt burgundy
A: resonant | warm | bright | playable | balanced | punchy
F: a solid top | a slim neck | a cutaway body | locking tuners | a bone nut | a gig bag
U: campfire sing-alongs | recording sessions | beginners | stage performances | songwriting | living room jams
S: piano | piano | c | v | 450-2400 | -
N: Digital Piano | Stage Piano | Upright Digital Piano | Portable Piano | Console Piano
M: lacquered wood | rosewood veneer | oak | walnut
P: black white ivory charcoal cream
A: expressive | responsive | elegant | rich | compact | authentic
F: weighted hammer-action keys | three pedals | dual headphone jacks | built-in lessons | a matching bench | eighty-eight keys
U: lessons | quiet practice | home recitals | composing | worship services | family sing-alongs
S: drums | drums | p | v | 300-1600 | -
N: Drum Kit | Electronic Drum Kit | Jazz Drum Kit | Rock Drum Kit | Junior Drum Kit | Fusion Drum Kit
M: poplar | mesh-head | birch | mahogany | maple
P: black red blue silver white teal burgundy copper navy
A: punchy | resonant | versatile | compact | powerful | warm
F: chrome hardware | a padded throne | cymbals included | tunable mesh heads | suspension tom mounts | a practice pad
U: garage bands | gigs | lessons | recording sessions | worship bands | weekend jam sessions
S: violin | violin | c | v | 180-1600 | -
N: Violin | Student Violin | Concert Violin | Violin Outfit | Electric Violin
P: amber brown walnut tan black
A: resonant | warm | responsive | elegant | balanced | projecting
F: an ebony fingerboard | a carbon-fiber bow | a shaped case | fine tuners | a hand-carved scroll | a rosin cake
U: student lessons | orchestra rehearsals | chamber music | fiddle tunes | recitals | practice at home
S: ukulele | ukulele | c | v | 45-380 | -
N: Soprano Ukulele | Concert Ukulele | Tenor Ukulele | Baritone Ukulele | Travel Ukulele
M: sapele | mahogany | acacia | spruce | koa | walnut
P: tan brown mint coral turquoise teal yellow pink blush black
A: cheerful | bright | playable | portable | sweet | lightweight
F: a gig bag | premium nylon strings | a slim neck | geared tuners | a built-in tuner | a satin finish
U: beach bonfires | first lessons | travel | sing-alongs | classrooms | porch jams
S: flute | flute | c | v | 120-1400 | -
N: Concert Flute | Student Flute | Open-Hole Flute | Piccolo | Alto Flute
M: nickel | silver-plated | gold-plated | sterling silver
P: silver
A: bright | agile | responsive | clear | lyrical | balanced
F: an offset G key | a split E mechanism | a B footjoint | a fitted case | a cleaning rod | an engraved lip plate
U: band class | orchestra seats | solo recitals | chamber ensembles | lessons | practice at home
S: trumpet | trumpet | c | v | 180-1800 | -
N: Trumpet | Student Trumpet | Pocket Trumpet | Professional Trumpet | Jazz Trumpet
M: lacquered brass | yellow brass | gold brass | rose brass | silver-plated
P: gold amber
A: bright | powerful | responsive | free-blowing | warm | brilliant
F: monel valves | a first-valve thumb saddle | a hardshell case | a 7C mouthpiece | a reversed leadpipe | smooth slides
U: marching band | jazz combos | lessons | brass quintets | big-band gigs | church services
";

pub const TOOLS: &str = "
CAT: tools
L: Ironclad | ProForge | Craftline | Torque | Keystone | Workhorse | Anvil | Benchmark | Steelhead | Bedrock | Tradesman | Ridgeback | Millwright
K: Backed by a lifetime guarantee. | Built to meet professional jobsite standards. | Replacement parts are available for years to come. | Tested on real jobsites before it reaches the shelf.
S: hammer | hammer | c | v | 15-65 | -
N: Claw Hammer | Framing Hammer | Ball-Peen Hammer | Sledgehammer | Tack Hammer | Drywall Hammer
M: hickory | fiberglass | steel | forged steel | titanium
P: orange yellow red black blue grey green
A: balanced | durable | heavy-duty | comfortable | precise | rugged
F: a magnetic nail starter | an anti-vibration grip | a milled face | a curved claw | a rubber overmold | a forged head
U: framing jobs | weekend projects | picture hanging | demolition | workshop benches | home repairs
S: drill | drill | c | v | 40-320 | -
N: Cordless Drill | Hammer Drill | Drill Driver | Compact Drill | Right-Angle Drill | Impact Drill
M: 12-volt | 20-volt | brushless
P: yellow orange red teal blue green black grey
A: powerful | compact | lightweight | versatile | rugged | precise
F: a spare battery | an LED work light | a two-speed gearbox | a keyless chuck | a belt clip | a hard carrying case
U: deck building | furniture assembly | home renovations | weekend projects | jobsite work | hanging shelves
S: wrench | wrench | c | v | 12-120 | -
N: Adjustable Wrench | Combination Wrench Set | Torque Wrench | Pipe Wrench | Socket Wrench | Ratcheting Wrench
M: alloy steel | forged steel | chrome vanadium | stainless steel
P: red black blue orange yellow grey silver
A: precise | durable | heavy-duty | slim | reliable | ergonomic
F: a wide jaw capacity | a laser-etched scale | a cushioned grip | a 72-tooth ratchet | a storage case | a hang hole
U: plumbing repairs | bike maintenance | auto work | furniture assembly | garage projects | jobsite kits
S: saw | saw | c | v | 20-450 | -
N: Circular Saw | Hand Saw | Miter Saw | Jigsaw | Pruning Saw | Reciprocating Saw
M: Japanese-style | corded | cordless | carbide-tipped | brushless
P: yellow orange red teal blue green black
A: accurate | powerful | compact | sharp | smooth-cutting | versatile
F: a laser guide | an electric brake | a dust port | a bevel adjustment | tool-free blade changes | a comfortable pistol grip
U: deck projects | trim work | tree trimming | demolition | DIY furniture | weekend builds
S: screwdriver | screwdriver | c | v | 10-80 | -
N: Screwdriver Set | Precision Screwdriver Set | Ratcheting Screwdriver | Electric Screwdriver | Multi-Bit Screwdriver | Stubby Screwdriver
M: cushion-grip | hardened steel | chrome vanadium | S2 steel
P: red yellow orange blue black green grey teal
A: precise | magnetic | ergonomic | compact | versatile | durable
F: a magnetic tip | a bit storage handle | a roll-up pouch | a ratcheting mechanism | color-coded handles | hardened tips
U: electronics repair | furniture assembly | appliance fixes | eyeglass tweaks | junk drawers | glove boxes
S: toolbox | toolbox | c | v | 25-350 | -
N: Toolbox | Rolling Toolbox | Stackable Toolbox | Cantilever Toolbox | Modular Toolbox
M: canvas | ballistic nylon | impact-resistant plastic | aluminum | steel
P: red black grey blue orange yellow green silver
A: sturdy | organized | portable | rugged | spacious | lockable
F: removable trays | ball-bearing drawers | a locking latch | a telescoping handle | weatherproof seals | padded handles
U: garage workshops | jobsite days | truck beds | apartment fix-its | first homes | mobile mechanics
S: pliers | pliers | p | v | 10-90 | -
N: Needle-Nose Pliers | Locking Pliers | Slip-Joint Pliers | Lineman Pliers | Pliers Set | Tongue-and-Groove Pliers
M: insulated | chrome vanadium | forged steel | high-carbon steel
P: red blue orange yellow black grey green
A: strong | precise | ergonomic | durable | versatile | grippy
F: induction-hardened cutting edges | cushioned grips | a spring-loaded action | a quick-adjust jaw | insulated handles | a crimping die
U: electrical work | plumbing jobs | jewelry making | auto repairs | fishing tackle | home repairs
S: level | level | c | v | 12-180 | -
N: Torpedo Level | Box Level | Laser Level | Spirit Level | Magnetic Level | Post Level
M: composite | aluminum | cast aluminum | billet aluminum
P: yellow orange red blue black silver green
A: accurate | rugged | compact | bright | reliable | precise
F: shock-absorbing end caps | magnetic edges | high-visibility vials | a self-leveling laser | a carrying pouch | a milled measuring edge
U: hanging shelves | tile work | framing | picture walls | deck posts | cabinet installs
";
