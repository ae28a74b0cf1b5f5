//! The shape library: one flat-illustration drawing per object, on a 400×400 canvas with the
//! object standing on y≈330 and centred on x=200. Drawings inherit a dark outline stroke from
//! the enclosing group; `f*` helpers draw without it.

use std::fmt::{Display, Write};

use super::Pal;

/// How to draw one object: its drawing, its shadow's half-width and ground line, and the
/// colour it has when the product names none (an apple is red, a violin brown).
#[derive(Clone, Copy)]
pub(super) struct Def {
    pub draw: fn(&mut String, &Pal),
    pub shadow: i32,
    pub ground: i32,
    pub natural: Option<&'static str>,
}

const METAL: &str = "#bcc2c9";
const STEEL: &str = "#8e979f";
const GOLD: &str = "#d9b44a";
const WOOD: &str = "#a8743f";
const DARKWOOD: &str = "#6b4426";
const GLASS: &str = "#dcedf4";
const PAPER: &str = "#fbf8ef";
const INK: &str = "#2d2f33";
const LEAF: &str = "#4c9a5a";
const LEAF2: &str = "#2f7544";
const SCREEN: &str = "#1e2a3a";
const KRAFT: &str = "#c9a274";
const SHINE: &str = "#ffffff";

fn rect(s: &mut String, x: i32, y: i32, w: i32, h: i32, rx: i32, f: impl Display) {
    let _ = write!(
        s,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{f}"/>"#
    );
}
fn frect(s: &mut String, x: i32, y: i32, w: i32, h: i32, rx: i32, f: impl Display) {
    let _ = write!(
        s,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{f}" stroke="none"/>"#
    );
}
fn circ(s: &mut String, cx: i32, cy: i32, r: i32, f: impl Display) {
    let _ = write!(s, r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="{f}"/>"#);
}
fn fcirc(s: &mut String, cx: i32, cy: i32, r: i32, f: impl Display) {
    let _ = write!(
        s,
        r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="{f}" stroke="none"/>"#
    );
}
fn ell(s: &mut String, cx: i32, cy: i32, rx: i32, ry: i32, f: impl Display) {
    let _ = write!(
        s,
        r#"<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{f}"/>"#
    );
}
fn fell(s: &mut String, cx: i32, cy: i32, rx: i32, ry: i32, f: impl Display) {
    let _ = write!(
        s,
        r#"<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{f}" stroke="none"/>"#
    );
}
fn path(s: &mut String, d: &str, f: impl Display) {
    let _ = write!(s, r#"<path d="{d}" fill="{f}"/>"#);
}
fn fpath(s: &mut String, d: &str, f: impl Display) {
    let _ = write!(s, r#"<path d="{d}" fill="{f}" stroke="none"/>"#);
}
/// A stroke-only line in its own colour.
fn line(s: &mut String, d: &str, c: impl Display, w: i32) {
    let _ = write!(
        s,
        r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="{w}"/>"#
    );
}
/// A thick outlined band (a strap, a handle, a tube): the group's outline, then the fill colour.
fn strap(s: &mut String, d: &str, w: i32, c: impl Display) {
    let _ = write!(
        s,
        r#"<path d="{d}" fill="none" stroke-width="{}"/><path d="{d}" fill="none" stroke="{c}" stroke-width="{w}"/>"#,
        w + 7
    );
}
/// A soft white highlight.
fn shine(s: &mut String, d: &str) {
    let _ = write!(
        s,
        r#"<path d="{d}" fill="none" stroke="{SHINE}" stroke-width="7" opacity=".45"/>"#
    );
}
fn open(s: &mut String, transform: &str) {
    let _ = write!(s, r#"<g transform="{transform}">"#);
}
fn close(s: &mut String) {
    s.push_str("</g>");
}
fn bit(p: &Pal, n: u32) -> bool {
    (p.variant >> n) & 1 == 1
}

// ---------------------------------------------------------------------------------------------
// Apparel

fn tshirt(s: &mut String, p: &Pal) {
    path(
        s,
        "M152 88L118 98L66 140L94 190L126 170L126 322L274 322L274 170L306 190L334 140L282 98L248 88Q200 126 152 88Z",
        p.main,
    );
    line(s, "M152 88Q200 126 248 88", p.detail, 6);
    if bit(p, 0) {
        frect(s, 128, 205, 144, 22, 0, p.accent);
        frect(s, 128, 245, 144, 14, 0, p.accent);
    } else {
        rect(s, 222, 150, 34, 38, 4, p.light);
    }
    line(s, "M98 182L124 166M302 182L276 166", p.detail, 4);
}

fn shirt(s: &mut String, p: &Pal) {
    path(
        s,
        "M150 84L110 95L76 130L58 298L96 303L116 178L118 326L282 326L284 178L304 303L342 298L324 130L290 95L250 84L200 110Z",
        p.main,
    );
    if bit(p, 0) {
        line(
            s,
            "M160 150V320M240 150V320M126 200H274M126 260H274",
            p.detail,
            3,
        );
    }
    rect(s, 56, 284, 42, 20, 4, p.light);
    rect(s, 302, 284, 42, 20, 4, p.light);
    path(s, "M150 84L200 112L176 140Z", p.light);
    path(s, "M250 84L200 112L224 140Z", p.light);
    line(s, "M200 112V326", p.outline, 4);
    for y in [150, 190, 230, 270, 306] {
        fcirc(s, 210, y, 5, p.detail);
    }
    rect(s, 132, 150, 40, 40, 4, p.main);
}

fn jacket(s: &mut String, p: &Pal) {
    path(
        s,
        "M146 80L104 92L70 128L54 300L96 306L112 180L112 332L288 332L288 180L304 306L346 300L330 128L296 92L254 80Z",
        p.main,
    );
    path(s, "M164 80L200 170L236 80Z", p.accent);
    path(s, "M146 80L164 80L200 196L166 146L180 122Z", p.light);
    path(s, "M254 80L236 80L200 196L234 146L220 122Z", p.light);
    line(s, "M200 196V332", p.outline, 4);
    line(s, "M130 262H170M230 262H270", p.outline, 5);
    rect(s, 52, 286, 46, 22, 5, p.outline);
    rect(s, 302, 286, 46, 22, 5, p.outline);
    for y in [220, 262, 304] {
        fcirc(s, 212, y, 6, p.detail);
    }
}

fn hoodie(s: &mut String, p: &Pal) {
    path(
        s,
        "M150 92L108 100L76 134L58 298L96 303L116 184L118 312L282 312L284 184L304 303L342 298L324 134L292 100L250 92Z",
        p.main,
    );
    rect(s, 114, 306, 172, 26, 8, p.outline);
    rect(s, 54, 290, 46, 20, 6, p.outline);
    rect(s, 300, 290, 46, 20, 6, p.outline);
    path(s, "M148 250H252L268 302H132Z", p.light);
    path(
        s,
        "M142 104Q146 44 200 44Q254 44 258 104Q232 128 200 128Q168 128 142 104Z",
        p.main,
    );
    path(
        s,
        "M166 98Q170 66 200 66Q230 66 234 98Q216 114 200 114Q184 114 166 98Z",
        p.outline,
    );
    line(s, "M186 122L182 176M214 122L218 176", p.accent, 5);
}

fn sweater(s: &mut String, p: &Pal) {
    path(
        s,
        "M150 86L110 96L76 132L58 296L96 301L116 180L118 314L282 314L284 180L304 301L342 296L324 132L290 96L250 86Q200 118 150 86Z",
        p.main,
    );
    rect(s, 114, 308, 172, 24, 6, p.light);
    rect(s, 54, 288, 46, 22, 6, p.light);
    rect(s, 300, 288, 46, 22, 6, p.light);
    line(s, "M150 86Q200 126 250 86", p.light, 10);
    line(
        s,
        "M120 200L140 184L160 200L180 184L200 200L220 184L240 200L260 184L280 200",
        p.accent,
        7,
    );
    line(
        s,
        "M120 230L140 214L160 230L180 214L200 230L220 214L240 230L260 214L280 230",
        p.accent,
        7,
    );
    line(
        s,
        "M136 314V332M160 314V332M184 314V332M208 314V332M232 314V332M256 314V332",
        p.outline,
        3,
    );
}

fn dress(s: &mut String, p: &Pal) {
    line(s, "M172 62L176 96M228 62L224 96", p.outline, 6);
    path(
        s,
        "M168 96Q200 112 232 96L240 150L252 172L310 318Q200 344 90 318L148 172L160 150Z",
        p.main,
    );
    path(s, "M160 150H240L252 174H148Z", p.accent);
    line(s, "M106 300Q200 322 294 300", p.light, 6);
    line(
        s,
        "M200 180L190 326M176 178L150 322M224 178L250 322",
        p.outline,
        3,
    );
}

fn skirt(s: &mut String, p: &Pal) {
    path(s, "M138 132H262L314 306Q200 334 86 306Z", p.main);
    rect(s, 136, 104, 128, 30, 6, p.outline);
    fcirc(s, 200, 119, 7, p.accent);
    line(
        s,
        "M170 134L150 318M200 134V324M230 134L250 318M150 134L116 312M250 134L284 312",
        p.outline,
        3,
    );
    if bit(p, 1) {
        line(s, "M100 288Q200 312 300 288", p.accent, 8);
    }
}

fn pants(s: &mut String, p: &Pal) {
    path(s, "M134 96H266L288 332H214L200 168L186 332H112Z", p.main);
    rect(s, 132, 78, 136, 22, 4, p.outline);
    line(
        s,
        "M150 100Q148 132 134 138M250 100Q252 132 266 138M200 100V160",
        p.detail,
        3,
    );
    line(s, "M160 78V100M240 78V100M200 78V100", p.detail, 3);
    line(s, "M116 310H184M216 310H286", p.detail, 3);
}

fn shorts(s: &mut String, p: &Pal) {
    path(
        s,
        "M124 128H276L298 282L214 292L200 188L186 292L102 282Z",
        p.main,
    );
    rect(s, 122, 108, 156, 24, 5, p.outline);
    line(
        s,
        "M142 132Q140 162 126 168M258 132Q260 162 274 168",
        p.detail,
        3,
    );
    line(s, "M106 262L184 270M216 270L294 262", p.light, 6);
    line(
        s,
        "M188 120Q180 150 172 158M212 120Q220 150 228 158",
        p.accent,
        4,
    );
}

const SOCK: &str = "M168 70H240V226Q240 246 256 258L302 288Q330 308 312 330Q296 344 268 330L180 282Q164 272 166 250Z";

fn socks(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<path transform="translate(-58 -8)" d="{SOCK}" fill="{}"/>"#,
        p.light
    );
    path(s, SOCK, p.main);
    rect(s, 162, 64, 84, 40, 8, p.accent);
    line(
        s,
        "M178 66V102M194 66V102M210 66V102M226 66V102",
        p.accent_shade,
        3,
    );
    frect(s, 170, 134, 68, 14, 0, p.accent);
    frect(s, 170, 162, 68, 14, 0, p.accent);
    path(s, "M290 280Q330 302 312 330Q296 344 268 330Z", p.accent);
    path(
        s,
        "M240 222Q244 250 262 262L228 268Q210 250 212 226Z",
        p.accent,
    );
}

fn scarf(s: &mut String, p: &Pal) {
    path(
        s,
        "M118 96Q200 58 282 96Q296 140 254 152Q200 170 146 152Q104 140 118 96Z",
        p.main,
    );
    path(
        s,
        "M148 104Q200 84 252 104Q240 130 200 134Q160 130 148 104Z",
        p.outline,
    );
    path(s, "M160 142L134 300H188L204 152Z", p.main);
    path(s, "M206 150L232 292L284 280L246 136Z", p.light);
    frect(s, 146, 210, 50, 12, 0, p.accent);
    frect(s, 142, 240, 50, 12, 0, p.accent);
    line(
        s,
        "M140 302V322M152 302V322M164 302V322M176 302V322M186 302V322",
        p.outline,
        4,
    );
    line(
        s,
        "M236 294L240 314M248 292L252 312M260 289L264 309M272 286L276 306M283 283L287 303",
        p.outline,
        4,
    );
}

fn hat(s: &mut String, p: &Pal) {
    ell(s, 200, 254, 158, 46, p.main);
    path(
        s,
        "M128 254Q122 150 152 126Q200 104 248 126Q278 150 272 254Q200 274 128 254Z",
        p.main,
    );
    path(
        s,
        "M130 214Q200 232 270 214L272 250Q200 268 128 250Z",
        p.accent,
    );
    line(s, "M176 122Q200 150 224 122", p.outline, 4);
    shine(s, "M150 150Q144 180 146 204");
}

fn cap(s: &mut String, p: &Pal) {
    path(
        s,
        "M236 236Q316 226 352 250Q348 270 300 270L232 262Z",
        p.accent,
    );
    path(
        s,
        "M96 244Q92 122 196 114Q296 118 300 244Q200 262 96 244Z",
        p.main,
    );
    line(
        s,
        "M198 116Q164 160 156 250M198 116Q236 160 244 250",
        p.outline,
        3,
    );
    circ(s, 198, 114, 10, p.accent);
    rect(s, 92, 236, 212, 16, 6, p.outline);
    shine(s, "M130 170Q124 196 124 220");
}

fn beanie(s: &mut String, p: &Pal) {
    circ(s, 200, 92, 30, p.accent);
    path(s, "M118 236Q112 112 200 106Q288 112 282 236Z", p.main);
    rect(s, 108, 226, 184, 58, 16, p.light);
    line(
        s,
        "M134 232V278M160 232V278M186 232V278M212 232V278M238 232V278M264 232V278",
        p.outline,
        3,
    );
    line(
        s,
        "M150 140Q200 124 250 140M134 180Q200 162 266 180",
        p.detail,
        3,
    );
}

fn tie(s: &mut String, p: &Pal) {
    path(s, "M174 70H226L216 112H184Z", p.main);
    path(s, "M184 112H216L252 286L200 336L148 286Z", p.main);
    line(
        s,
        "M192 150L236 196M180 210L242 270M168 270L200 302",
        p.accent,
        8,
    );
    path(s, "M150 62Q200 80 250 62L256 52Q200 70 144 52Z", PAPER);
}

// ---------------------------------------------------------------------------------------------
// Footwear

fn sneaker(s: &mut String, p: &Pal) {
    path(
        s,
        "M60 286Q60 272 76 272H332Q350 274 350 292Q350 314 330 314H78Q60 314 60 296Z",
        PAPER,
    );
    path(
        s,
        "M70 276L76 184Q80 168 98 170L150 178Q166 214 212 220L292 234Q340 246 344 276Z",
        p.main,
    );
    path(s, "M292 234Q338 246 344 276H280Q278 250 292 234Z", p.light);
    path(
        s,
        "M150 178L166 150Q176 142 184 152L212 220Q170 212 150 178Z",
        p.light,
    );
    path(s, "M96 262Q190 268 262 224Q214 250 100 246Z", p.accent);
    line(
        s,
        "M170 196L188 188M182 208L200 198M194 218L212 208",
        p.detail,
        4,
    );
    rect(s, 66, 170, 22, 56, 6, p.accent);
    line(s, "M66 296H346", p.outline, 3);
}

fn boot(s: &mut String, p: &Pal) {
    path(
        s,
        "M108 78H196L198 212Q236 220 286 238Q334 256 334 294H100V246Z",
        p.main,
    );
    rect(s, 94, 290, 246, 30, 8, p.outline);
    rect(s, 98, 300, 60, 30, 4, p.outline);
    rect(s, 104, 70, 96, 28, 8, p.light);
    line(
        s,
        "M184 120H206M182 148H206M182 176H206M184 202H210",
        p.accent,
        5,
    );
    line(s, "M110 238Q200 246 300 258", p.light, 4);
}

fn sandal(s: &mut String, p: &Pal) {
    path(
        s,
        "M58 286Q58 266 84 264L322 258Q350 260 350 282Q350 302 322 302L84 306Q58 306 58 286Z",
        p.main,
    );
    line(s, "M64 294L344 290", p.outline, 4);
    strap(s, "M178 262Q214 196 262 260", 16, p.accent);
    strap(s, "M222 262Q262 206 306 258", 16, p.accent);
    strap(s, "M92 262Q96 196 150 200Q162 232 160 262", 14, p.accent);
    fcirc(s, 150, 202, 7, GOLD);
}

fn heel(s: &mut String, p: &Pal) {
    path(s, "M96 310L112 322L120 322L118 252L100 250Z", p.outline);
    path(
        s,
        "M88 186Q78 230 100 252Q170 262 232 300Q280 318 330 316Q352 312 344 292Q330 272 276 262Q204 246 148 200Q120 178 88 186Z",
        p.main,
    );
    path(
        s,
        "M98 196Q120 190 146 214Q196 252 270 264Q220 266 170 236Q120 206 98 210Z",
        p.outline,
    );
    line(s, "M100 252Q170 264 232 302Q280 320 330 318", p.outline, 4);
    if bit(p, 2) {
        fcirc(s, 292, 280, 10, p.accent);
    }
    shine(s, "M290 286Q310 288 322 296");
}

fn loafer(s: &mut String, p: &Pal) {
    path(
        s,
        "M60 296Q56 220 104 212Q150 206 190 232L262 226Q340 232 346 292Q346 312 322 312H86Q60 312 60 296Z",
        p.main,
    );
    path(s, "M92 230Q150 204 200 236Q150 256 92 230Z", p.outline);
    rect(s, 58, 298, 290, 20, 8, p.outline);
    path(
        s,
        "M212 236Q250 220 290 232L282 262Q248 254 218 262Z",
        p.accent,
    );
    line(s, "M204 234Q210 282 276 286", p.detail, 3);
    shine(s, "M300 250Q322 262 330 282");
}

// ---------------------------------------------------------------------------------------------
// Accessories

fn backpack(s: &mut String, p: &Pal) {
    strap(s, "M160 104Q200 58 240 104", 10, p.outline);
    rect(s, 118, 98, 164, 232, 44, p.main);
    path(
        s,
        "M118 160Q200 196 282 160V142Q282 98 238 98H162Q118 98 118 142Z",
        p.light,
    );
    rect(s, 144, 222, 112, 92, 18, p.light);
    line(s, "M156 246H244", p.outline, 4);
    rect(s, 160, 162, 18, 40, 4, p.accent);
    rect(s, 222, 162, 18, 40, 4, p.accent);
    fcirc(s, 200, 176, 8, GOLD);
}

fn handbag(s: &mut String, p: &Pal) {
    strap(s, "M144 176Q144 86 200 86Q256 86 256 176", 12, p.outline);
    path(
        s,
        "M102 174H298L322 318Q322 332 308 332H92Q78 332 78 318Z",
        p.main,
    );
    path(s, "M102 174H298L292 236Q200 266 108 236Z", p.light);
    rect(s, 186, 236, 28, 24, 6, GOLD);
    line(s, "M92 318H308", p.outline, 3);
    if bit(p, 3) {
        line(s, "M96 292H304", p.accent, 8);
    }
}

fn tote(s: &mut String, p: &Pal) {
    strap(s, "M138 152Q138 70 180 70Q206 70 206 152", 10, p.outline);
    strap(s, "M194 152Q194 70 236 70Q262 70 262 152", 10, p.outline);
    path(s, "M94 150H306L290 330H110Z", p.main);
    frect(s, 100, 206, 200, 22, 0, p.accent);
    frect(s, 103, 246, 194, 22, 0, p.accent);
    line(s, "M94 150H306", p.outline, 6);
}

fn wallet(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<rect x="150" y="108" width="110" height="70" rx="6" fill="{}" transform="rotate(-12 205 143)"/>"#,
        p.accent
    );
    rect(s, 86, 140, 228, 156, 18, p.main);
    path(
        s,
        "M86 170H314V210Q314 224 300 224H232Q220 224 220 212V198Q220 186 208 186H86Z",
        p.light,
    );
    circ(s, 246, 205, 8, GOLD);
    let _ = write!(
        s,
        r#"<rect x="98" y="152" width="204" height="132" rx="12" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 6"/>"#,
        p.detail
    );
}

fn glasses_frame(s: &mut String, p: &Pal, lens: &str, sun: bool) {
    let f = p.main;
    line(s, "M62 170L34 160M338 170L366 160", f, 9);
    if sun {
        let _ = write!(
            s,
            r#"<path d="M66 168H186Q190 254 128 254Q72 254 66 168Z" fill="{lens}" stroke="{f}" stroke-width="10"/>"#
        );
        let _ = write!(
            s,
            r#"<path d="M214 168H334Q328 254 272 254Q210 254 214 168Z" fill="{lens}" stroke="{f}" stroke-width="10"/>"#
        );
        shine(s, "M92 188L120 220M240 188L268 220");
    } else {
        let _ = write!(
            s,
            r#"<circle cx="130" cy="206" r="58" fill="{lens}" opacity=".85" stroke="{f}" stroke-width="11"/>"#
        );
        let _ = write!(
            s,
            r#"<circle cx="270" cy="206" r="58" fill="{lens}" opacity=".85" stroke="{f}" stroke-width="11"/>"#
        );
        shine(s, "M102 190Q112 172 130 168M242 190Q252 172 270 168");
    }
    line(s, "M186 184Q200 168 214 184", f, 10);
}

fn sunglasses(s: &mut String, p: &Pal) {
    glasses_frame(s, p, INK, true);
}

fn glasses(s: &mut String, p: &Pal) {
    glasses_frame(s, p, GLASS, false);
}

fn belt(s: &mut String, p: &Pal) {
    path(s, "M40 188Q200 164 364 196L362 240Q200 208 42 232Z", p.main);
    for x in [270, 300, 330] {
        fcirc(s, x, 212 + (x - 270) / 10, 5, p.outline);
    }
    let _ = write!(
        s,
        r#"<rect x="126" y="164" width="74" height="88" rx="12" fill="none" stroke="{GOLD}" stroke-width="12"/>"#
    );
    line(s, "M128 210H200", STEEL, 6);
    rect(s, 214, 178, 20, 58, 3, p.outline);
    line(
        s,
        "M48 200Q200 180 356 208M48 222Q200 198 356 228",
        p.detail,
        2,
    );
}

fn umbrella(s: &mut String, p: &Pal) {
    line(s, "M200 196V306Q200 334 176 334Q158 334 158 316", INK, 9);
    path(
        s,
        "M56 200Q64 82 200 72Q336 82 344 200Q320 184 296 200Q272 184 248 200Q224 184 200 200Q176 184 152 200Q128 184 104 200Q80 184 56 200Z",
        p.main,
    );
    fpath(
        s,
        "M200 74Q176 130 152 200Q176 184 200 200Q224 184 248 200Q224 130 200 74Z",
        p.accent,
    );
    line(
        s,
        "M200 74Q138 110 104 198M200 74Q262 110 296 198",
        p.outline,
        3,
    );
    line(s, "M200 72V52", INK, 6);
}

fn watch_strap(s: &mut String, p: &Pal) {
    rect(s, 164, 56, 72, 290, 16, p.main);
    line(
        s,
        "M180 86H220M180 110H220M180 300H220M180 324H220",
        p.detail,
        3,
    );
}

fn watch(s: &mut String, p: &Pal) {
    watch_strap(s, p);
    let case = if bit(p, 4) { GOLD } else { METAL };
    rect(s, 268, 188, 16, 26, 4, case);
    circ(s, 200, 200, 74, case);
    circ(s, 200, 200, 58, PAPER);
    line(
        s,
        "M200 150V160M200 240V250M150 200H160M240 200H250",
        INK,
        4,
    );
    line(s, "M200 200L200 164M200 200L226 214", INK, 5);
    fcirc(s, 200, 200, 5, p.accent);
}

fn smartwatch(s: &mut String, p: &Pal) {
    watch_strap(s, p);
    rect(s, 272, 176, 14, 30, 5, STEEL);
    rect(s, 132, 124, 136, 156, 34, INK);
    rect(s, 146, 138, 108, 128, 22, SCREEN);
    let _ = write!(
        s,
        r#"<circle cx="200" cy="202" r="40" fill="none" stroke="{}" stroke-width="9"/>"#,
        p.accent
    );
    let _ = write!(
        s,
        r#"<circle cx="200" cy="202" r="26" fill="none" stroke="{}" stroke-width="9"/>"#,
        p.light
    );
}

// ---------------------------------------------------------------------------------------------
// Jewelry

fn necklace(s: &mut String, p: &Pal) {
    let chain = "M96 70Q96 250 200 268Q304 250 304 70";
    if bit(p, 5) {
        line(s, chain, p.outline, 5);
        for (x, y) in [
            (100, 110),
            (108, 150),
            (122, 188),
            (142, 220),
            (168, 246),
            (232, 246),
            (258, 220),
            (278, 188),
            (292, 150),
            (300, 110),
        ] {
            circ(s, x, y, 11, p.light);
        }
    } else {
        strap(s, chain, 5, p.main);
    }
    circ(s, 200, 270, 9, p.main);
    path(s, "M200 276Q236 306 200 342Q164 306 200 276Z", p.accent);
    shine(s, "M190 298Q186 310 192 320");
}

fn ring(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<ellipse cx="200" cy="236" rx="86" ry="82" fill="none" stroke-width="30"/>"#
    );
    let _ = write!(
        s,
        r#"<ellipse cx="200" cy="236" rx="86" ry="82" fill="none" stroke="{}" stroke-width="22"/>"#,
        p.main
    );
    shine(s, "M130 250Q128 200 160 176");
    rect(s, 178, 146, 44, 16, 4, p.main);
    path(s, "M166 118H234L252 138L200 164L148 138Z", p.accent);
    line(
        s,
        "M166 118L184 138L200 118L216 138L234 118M148 138H252M184 138L200 164L216 138",
        p.accent_shade,
        2,
    );
}

fn earring(s: &mut String, p: &Pal) {
    line(s, "M130 96Q130 70 146 72Q160 76 156 98", p.outline, 4);
    circ(s, 156, 104, 10, p.main);
    line(s, "M156 114V150", p.main, 4);
    path(s, "M156 150Q196 200 156 262Q116 200 156 150Z", p.accent);
    circ(s, 156, 214, 12, p.light);
}

fn earrings(s: &mut String, p: &Pal) {
    open(s, "translate(-26 20)");
    earring(s, p);
    close(s);
    open(s, "translate(90 0)");
    earring(s, p);
    close(s);
}

fn bracelet(s: &mut String, p: &Pal) {
    if bit(p, 6) {
        let _ = write!(
            s,
            r#"<ellipse cx="200" cy="216" rx="122" ry="66" fill="none" stroke="{}" stroke-width="4"/>"#,
            p.outline
        );
        for (x, y) in [
            (78, 216),
            (92, 180),
            (128, 158),
            (172, 150),
            (228, 150),
            (272, 158),
            (308, 180),
            (322, 216),
            (308, 252),
            (272, 274),
            (228, 282),
            (172, 282),
            (128, 274),
            (92, 252),
        ] {
            circ(
                s,
                x,
                y,
                17,
                if (x + y) % 3 == 0 { p.accent } else { p.main },
            );
        }
    } else {
        let _ = write!(
            s,
            r#"<ellipse cx="200" cy="216" rx="122" ry="66" fill="none" stroke-width="34"/>"#
        );
        let _ = write!(
            s,
            r#"<ellipse cx="200" cy="216" rx="122" ry="66" fill="none" stroke="{}" stroke-width="26"/>"#,
            p.main
        );
        shine(s, "M112 246Q150 270 200 272");
        path(s, "M200 268Q222 292 200 318Q178 292 200 268Z", p.accent);
    }
}

fn brooch(s: &mut String, p: &Pal) {
    for a in [0, 60, 120, 180, 240, 300] {
        let _ = write!(
            s,
            r#"<ellipse cx="200" cy="140" rx="34" ry="58" fill="{}" transform="rotate({a} 200 200)"/>"#,
            p.main
        );
    }
    circ(s, 200, 200, 44, p.accent);
    circ(s, 200, 200, 20, p.light);
    for a in [30, 90, 150, 210, 270, 330] {
        let _ = write!(
            s,
            r#"<circle cx="200" cy="126" r="8" fill="{GOLD}" transform="rotate({a} 200 200)"/>"#
        );
    }
}

fn cufflink(s: &mut String, p: &Pal, x: i32, y: i32) {
    rect(s, x - 10, y + 34, 20, 40, 4, p.outline);
    ell(s, x, y + 80, 34, 12, p.main);
    circ(s, x, y, 46, p.main);
    circ(s, x, y, 30, p.accent);
    fcirc(s, x - 10, y - 10, 8, SHINE);
}

fn cufflinks(s: &mut String, p: &Pal) {
    cufflink(s, p, 136, 176);
    cufflink(s, p, 264, 196);
}

// ---------------------------------------------------------------------------------------------
// Beauty

fn lipstick(s: &mut String, p: &Pal) {
    rect(s, 246, 200, 62, 130, 10, INK);
    line(s, "M254 214V316", "#555a60", 4);
    path(s, "M158 172V118L222 82V172Z", p.main);
    shine(s, "M170 164V124");
    rect(s, 150, 168, 80, 40, 4, GOLD);
    rect(s, 144, 204, 92, 126, 10, INK);
    frect(s, 144, 300, 92, 10, 0, GOLD);
}

fn perfume(s: &mut String, p: &Pal) {
    rect(s, 116, 160, 168, 172, 34, p.light);
    frect(s, 124, 204, 152, 120, 28, p.main);
    shine(s, "M140 186V300");
    rect(s, 180, 134, 40, 30, 4, GOLD);
    rect(s, 162, 84, 76, 56, 12, p.accent);
    rect(s, 170, 226, 60, 40, 6, PAPER);
}

fn bottle(s: &mut String, p: &Pal) {
    rect(s, 193, 92, 14, 42, 0, INK);
    path(s, "M176 78H252V96H176Z", INK);
    rect(s, 244, 84, 30, 8, 3, INK);
    rect(s, 172, 128, 56, 26, 5, p.outline);
    rect(s, 136, 150, 128, 182, 26, p.main);
    rect(s, 154, 196, 92, 96, 10, PAPER);
    line(s, "M170 226H230M170 246H230M170 266H210", p.accent, 6);
    shine(s, "M152 172V186");
}

fn dropper(s: &mut String, p: &Pal) {
    path(s, "M182 164V106Q200 66 218 106V164Z", INK);
    rect(s, 170, 158, 60, 36, 6, GOLD);
    rect(s, 146, 190, 108, 142, 20, p.main);
    rect(s, 162, 230, 76, 70, 6, PAPER);
    fcirc(s, 200, 262, 14, p.accent);
    shine(s, "M160 204V220");
}

fn tube(s: &mut String, p: &Pal) {
    path(
        s,
        "M140 82H260L252 262Q248 280 232 284H168Q152 280 148 262Z",
        p.main,
    );
    rect(s, 134, 66, 132, 22, 4, p.outline);
    line(
        s,
        "M146 72V84M160 72V84M174 72V84M188 72V84M202 72V84M216 72V84M230 72V84M244 72V84",
        p.detail,
        2,
    );
    rect(s, 166, 282, 68, 50, 8, p.accent);
    rect(s, 164, 150, 72, 80, 8, PAPER);
    line(s, "M176 176H224M176 196H216", p.accent, 6);
}

fn nailpolish(s: &mut String, p: &Pal) {
    rect(s, 168, 70, 64, 112, 12, INK);
    rect(s, 178, 176, 44, 20, 2, p.light);
    rect(s, 128, 192, 144, 140, 26, p.main);
    shine(s, "M146 214V300");
    line(s, "M178 86V166", "#555a60", 4);
}

fn compact(s: &mut String, p: &Pal) {
    rect(s, 78, 116, 244, 170, 22, INK);
    rect(s, 92, 130, 216, 142, 14, p.outline);
    for (i, (x, y)) in [
        (134, 170),
        (200, 170),
        (266, 170),
        (134, 234),
        (200, 234),
        (266, 234),
    ]
    .into_iter()
    .enumerate()
    {
        let c = match i % 3 {
            0 => p.main,
            1 => p.accent,
            _ => p.light,
        };
        circ(s, x, y, 26, c);
    }
    strap(s, "M112 316L300 288", 10, WOOD);
    path(s, "M300 288L336 276Q352 282 340 296L302 300Z", p.light);
}

fn brush(s: &mut String, p: &Pal) {
    open(s, "rotate(-28 200 200)");
    rect(s, 186, 206, 28, 134, 12, p.main);
    rect(s, 180, 160, 40, 52, 4, METAL);
    path(s, "M180 162Q168 96 200 52Q232 96 220 162Z", "#efe0c9");
    fpath(s, "M186 100Q200 56 214 100Q200 90 186 100Z", p.accent);
    close(s);
}

fn razor(s: &mut String, p: &Pal) {
    rect(s, 186, 164, 28, 170, 14, p.main);
    line(s, "M190 220H210M190 240H210M190 260H210", p.outline, 3);
    rect(s, 180, 150, 40, 20, 4, METAL);
    rect(s, 124, 104, 152, 50, 12, METAL);
    line(s, "M134 122H266M134 136H266", STEEL, 3);
    rect(s, 124, 96, 152, 14, 6, p.accent);
}

fn soap(s: &mut String, p: &Pal) {
    rect(s, 92, 176, 216, 130, 44, p.main);
    path(
        s,
        "M96 228Q96 176 150 176H250Q304 176 304 228Q200 246 96 228Z",
        p.light,
    );
    for (x, y, r) in [
        (150, 130, 22),
        (206, 102, 14),
        (250, 140, 18),
        (112, 160, 10),
        (290, 110, 10),
    ] {
        let _ = write!(
            s,
            r#"<circle cx="{x}" cy="{y}" r="{r}" fill="{SHINE}" stroke="{}" stroke-width="3" opacity=".8"/>"#,
            p.accent
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Electronics

fn headphones(s: &mut String, p: &Pal) {
    strap(s, "M104 226Q100 74 200 74Q300 74 296 226", 18, p.main);
    rect(s, 70, 198, 62, 108, 26, p.main);
    rect(s, 268, 198, 62, 108, 26, p.main);
    rect(s, 112, 208, 30, 88, 12, p.outline);
    rect(s, 258, 208, 30, 88, 12, p.outline);
    fcirc(s, 100, 252, 12, p.accent);
    fcirc(s, 300, 252, 12, p.accent);
}

fn earbuds(s: &mut String, p: &Pal) {
    rect(s, 110, 200, 180, 112, 50, p.main);
    line(s, "M112 236H288", p.outline, 3);
    fcirc(s, 200, 276, 6, p.accent);
    for x in [150, 250] {
        rect(s, x - 10, 150, 20, 60, 10, p.light);
        circ(s, x, 146, 26, p.light);
        fcirc(s, x, 146, 12, p.outline);
    }
}

fn speaker(s: &mut String, p: &Pal) {
    if bit(p, 7) {
        rect(s, 124, 72, 152, 260, 34, p.main);
        circ(s, 200, 140, 30, p.outline);
        circ(s, 200, 140, 12, INK);
        circ(s, 200, 246, 58, p.outline);
        circ(s, 200, 246, 26, INK);
        fcirc(s, 200, 306, 6, p.accent);
    } else {
        rect(s, 66, 164, 268, 148, 70, p.main);
        rect(s, 104, 186, 192, 104, 40, p.outline);
        circ(s, 152, 238, 38, INK);
        circ(s, 248, 238, 38, INK);
        fcirc(s, 152, 238, 14, p.accent);
        fcirc(s, 248, 238, 14, p.accent);
        rect(s, 182, 156, 36, 12, 4, p.accent);
        rect(s, 318, 196, 22, 60, 8, p.outline);
    }
}

fn camera(s: &mut String, p: &Pal) {
    path(s, "M146 142L166 108H242L262 142Z", p.main);
    rect(s, 78, 138, 244, 176, 22, p.main);
    if bit(p, 8) {
        frect(s, 80, 140, 240, 50, 20, METAL);
    }
    rect(s, 78, 182, 244, 18, 0, p.outline);
    rect(s, 96, 122, 40, 18, 4, p.accent);
    rect(s, 264, 156, 36, 18, 4, GLASS);
    circ(s, 200, 232, 70, INK);
    circ(s, 200, 232, 52, STEEL);
    circ(s, 200, 232, 38, SCREEN);
    fcirc(s, 184, 216, 10, SHINE);
}

fn laptop(s: &mut String, p: &Pal) {
    rect(s, 92, 84, 216, 168, 12, p.main);
    rect(s, 106, 98, 188, 140, 4, SCREEN);
    fpath(
        s,
        "M106 206Q160 168 210 196Q252 220 294 180V238H106Z",
        p.accent,
    );
    fcirc(s, 250, 140, 16, p.light);
    path(
        s,
        "M58 252H342L360 288Q360 296 350 296H50Q40 296 40 288Z",
        p.main,
    );
    rect(s, 174, 272, 52, 12, 4, p.outline);
    line(s, "M86 262H314", p.outline, 3);
}

fn phone(s: &mut String, p: &Pal) {
    rect(s, 136, 56, 128, 282, 30, p.main);
    rect(s, 148, 72, 104, 250, 18, SCREEN);
    fcirc(s, 200, 88, 5, p.outline);
    fpath(
        s,
        "M148 240Q190 200 252 230V304Q252 322 234 322H166Q148 322 148 304Z",
        p.accent,
    );
    fcirc(s, 220, 150, 24, p.light);
}

fn tablet(s: &mut String, p: &Pal) {
    rect(s, 80, 84, 240, 248, 24, p.main);
    rect(s, 96, 100, 208, 216, 8, SCREEN);
    for (x, y) in [
        (112, 116),
        (162, 116),
        (212, 116),
        (262, 116),
        (112, 166),
        (162, 166),
    ] {
        frect(
            s,
            x,
            y,
            30,
            30,
            8,
            if (x / 50) % 2 == 0 { p.accent } else { p.light },
        );
    }
    fpath(s, "M96 270Q180 230 304 262V316H96Z", p.accent);
}

fn screen(s: &mut String, p: &Pal, x0: i32, y0: i32, w: i32, h: i32) {
    rect(s, x0, y0, w, h, 10, INK);
    rect(s, x0 + 10, y0 + 10, w - 20, h - 20, 3, SCREEN);
    let _ = write!(
        s,
        r#"<path d="M{} {}Q{} {} {} {}T{} {}V{}H{}Z" fill="{}" stroke="none"/>"#,
        x0 + 10,
        y0 + h - 50,
        x0 + w / 4,
        y0 + h / 2 - 20,
        x0 + w / 2,
        y0 + h - 60,
        x0 + w - 10,
        y0 + h - 70,
        y0 + h - 10,
        x0 + 10,
        p.main
    );
    let _ = write!(
        s,
        r#"<circle cx="{}" cy="{}" r="18" fill="{}" stroke="none"/>"#,
        x0 + w - 60,
        y0 + 50,
        p.accent
    );
}

fn tv(s: &mut String, p: &Pal) {
    path(s, "M172 270H228L250 312H150Z", p.outline);
    rect(s, 118, 306, 164, 14, 5, p.outline);
    screen(s, p, 44, 82, 312, 192);
}

fn monitor(s: &mut String, p: &Pal) {
    rect(s, 186, 250, 28, 60, 4, STEEL);
    ell(s, 200, 314, 66, 12, STEEL);
    screen(s, p, 70, 86, 260, 170);
}

fn keyboard(s: &mut String, p: &Pal) {
    path(
        s,
        "M52 176H348Q360 176 362 188L370 282Q370 294 358 294H42Q30 294 30 282L38 188Q40 176 52 176Z",
        p.main,
    );
    let mut d = String::with_capacity(600);
    for row in 0..4 {
        let y = 190 + row * 24;
        let x0 = 52 + row * 6;
        for col in 0..12 {
            let _ = write!(d, "M{} {}h20v17h-20z", x0 + col * 24, y);
        }
    }
    fpath(s, &d, p.light);
    frect(s, 130, 286 - 4 - 14, 140, 14, 4, p.accent);
}

fn cable(s: &mut String, p: &Pal) {
    strap(
        s,
        "M96 300C60 200 150 150 200 200S330 250 300 120",
        10,
        p.main,
    );
    rect(s, 70, 296, 50, 40, 6, p.light);
    rect(s, 82, 330, 26, 18, 2, METAL);
    rect(s, 280, 78, 40, 46, 6, p.light);
    rect(s, 290, 58, 20, 22, 2, METAL);
}

fn gamepad(s: &mut String, p: &Pal) {
    path(
        s,
        "M120 150H280Q330 150 344 220L356 286Q360 314 332 314Q312 314 294 286L272 258H128L106 286Q88 314 68 314Q40 314 44 286L56 220Q70 150 120 150Z",
        p.main,
    );
    path(
        s,
        "M110 194H128V176H146V194H164V212H146V230H128V212H110Z",
        p.outline,
    );
    for (x, y) in [(268, 186), (292, 206), (244, 206), (268, 226)] {
        circ(s, x, y, 10, p.accent);
    }
    fcirc(s, 176, 246, 14, p.outline);
    fcirc(s, 224, 246, 14, p.outline);
}

fn microphone(s: &mut String, p: &Pal) {
    line(s, "M200 262V318", INK, 10);
    ell(s, 200, 322, 74, 14, INK);
    strap(
        s,
        "M142 160V196Q142 252 200 252Q258 252 258 196V160",
        8,
        STEEL,
    );
    rect(s, 156, 60, 88, 150, 44, METAL);
    line(
        s,
        "M166 100H234M162 124H238M162 148H238M166 172H234",
        STEEL,
        3,
    );
    rect(s, 154, 176, 92, 22, 4, p.main);
    rect(s, 168, 198, 64, 40, 14, p.main);
}

// ---------------------------------------------------------------------------------------------
// Outdoors

fn tent(s: &mut String, p: &Pal) {
    line(
        s,
        "M200 92L200 66M200 92L52 126M200 92L348 126",
        "#6b6f75",
        3,
    );
    path(s, "M56 312L200 92L344 312Z", p.main);
    fpath(s, "M200 92L344 312H290Z", p.light);
    path(s, "M200 168L160 312H240Z", INK);
    path(s, "M200 168L160 312H138Z", p.accent);
    line(s, "M36 314H364", p.outline, 5);
}

fn sleepingbag(s: &mut String, p: &Pal) {
    rect(s, 98, 158, 214, 150, 22, p.main);
    ell(s, 100, 233, 40, 75, p.light);
    line(
        s,
        "M100 233m-8 0a8 8 0 1 1 16 0a20 20 0 1 1 -36 0a32 32 0 1 1 60 0",
        p.outline,
        4,
    );
    rect(s, 168, 150, 24, 166, 4, p.accent);
    rect(s, 254, 150, 24, 166, 4, p.accent);
    rect(s, 172, 224, 16, 18, 3, GOLD);
    rect(s, 258, 224, 16, 18, 3, GOLD);
}

fn lantern(s: &mut String, p: &Pal) {
    fcirc(s, 200, 216, 112, "#ffe7a3");
    strap(s, "M168 104Q200 34 232 104", 6, p.outline);
    rect(s, 150, 138, 100, 152, 10, "#fff3c4");
    path(
        s,
        "M200 170Q226 214 214 240Q200 256 186 240Q174 214 200 170Z",
        "#f0a202",
    );
    fpath(
        s,
        "M200 204Q210 224 206 236Q200 244 194 236Q190 224 200 204Z",
        "#fff6c8",
    );
    line(s, "M160 140V288M240 140V288", p.main, 8);
    path(s, "M138 140H262L234 100H166Z", p.main);
    rect(s, 136, 286, 128, 36, 10, p.main);
    rect(s, 188, 84, 24, 18, 4, p.outline);
}

fn kayak(s: &mut String, p: &Pal) {
    strap(s, "M104 108L300 324", 8, INK);
    let _ = write!(
        s,
        r#"<ellipse cx="96" cy="98" rx="16" ry="38" transform="rotate(-42 96 98)" fill="{}"/>"#,
        p.accent
    );
    let _ = write!(
        s,
        r#"<ellipse cx="308" cy="334" rx="16" ry="38" transform="rotate(-42 308 334)" fill="{}"/>"#,
        p.accent
    );
    path(s, "M24 224Q200 318 376 200Q210 206 24 224Z", p.main);
    fpath(s, "M60 222Q210 212 340 204Q220 240 60 222Z", p.light);
    ell(s, 204, 218, 48, 12, INK);
    line(s, "M70 240Q200 286 330 222", p.accent, 5);
}

fn bike(s: &mut String, p: &Pal) {
    for x in [110, 290] {
        let _ = write!(
            s,
            r#"<circle cx="{x}" cy="252" r="62" fill="none" stroke="{INK}" stroke-width="10"/>"#
        );
        line(
            s,
            &format!("M{} 200V304M{} 252H{}", x, x - 52, x + 52),
            "#9aa1a9",
            2,
        );
        fcirc(s, x, 252, 7, STEEL);
    }
    strap(
        s,
        "M110 252L168 168H268L200 252ZM168 168L156 138M268 168L290 252M262 148L268 168",
        8,
        p.main,
    );
    line(s, "M136 134H178", INK, 10);
    line(s, "M248 150Q256 132 284 138", INK, 8);
    circ(s, 200, 252, 15, p.accent);
}

fn fishing(s: &mut String, p: &Pal) {
    line(s, "M330 70Q356 170 306 240", "#5d6670", 2);
    line(s, "M84 334L330 70", p.outline, 6);
    strap(s, "M84 334L150 264", 12, KRAFT);
    circ(s, 146, 292, 26, METAL);
    line(s, "M146 292L172 308", INK, 5);
    fcirc(s, 146, 292, 8, STEEL);
    path(
        s,
        "M282 254Q300 234 324 248L342 236V270L324 258Q300 272 282 254Z",
        p.accent,
    );
    fcirc(s, 292, 250, 3, INK);
    line(s, "M306 240V232", "#5d6670", 2);
}

fn stove(s: &mut String, p: &Pal) {
    rect(s, 150, 226, 100, 104, 20, p.main);
    frect(s, 152, 262, 96, 24, 0, p.accent);
    rect(s, 182, 208, 36, 22, 4, METAL);
    line(
        s,
        "M110 196L290 196M140 196L124 214M260 196L276 214",
        STEEL,
        8,
    );
    fpath(
        s,
        "M160 190Q152 170 168 154Q170 172 180 176Q178 160 192 146Q200 166 210 170Q212 156 224 150Q236 170 240 190Z",
        "#3d8bfd",
    );
    rect(s, 112, 112, 176, 62, 10, INK);
    rect(s, 104, 104, 192, 16, 6, "#555a60");
    line(s, "M96 140H112M288 140H304", INK, 8);
}

fn cooler(s: &mut String, p: &Pal) {
    strap(s, "M120 150Q120 96 200 96Q280 96 280 150", 10, INK);
    rect(s, 72, 150, 256, 170, 18, p.main);
    rect(s, 64, 140, 272, 44, 12, PAPER);
    rect(s, 176, 176, 48, 22, 4, "#d9d5c8");
    frect(s, 74, 226, 252, 16, 0, p.accent);
    shine(s, "M96 206V296");
}

fn hammock(s: &mut String, p: &Pal) {
    rect(s, 40, 80, 22, 252, 6, DARKWOOD);
    rect(s, 338, 80, 22, 252, 6, DARKWOOD);
    line(s, "M62 120L104 200M338 120L296 200", "#8d9196", 3);
    path(s, "M104 200Q200 290 296 200Q200 236 104 200Z", p.main);
    path(
        s,
        "M104 200Q200 236 296 200L296 214Q200 252 104 214Z",
        p.light,
    );
    line(s, "M132 236Q200 276 268 236", p.accent, 6);
    circ(s, 51, 82, 30, LEAF);
    circ(s, 349, 82, 30, LEAF);
}

fn compass(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<circle cx="200" cy="86" r="16" fill="none" stroke="{}" stroke-width="8"/>"#,
        p.main
    );
    circ(s, 200, 210, 116, p.main);
    circ(s, 200, 210, 94, PAPER);
    line(
        s,
        "M200 126V140M200 280V294M116 210H130M270 210H284",
        INK,
        5,
    );
    path(s, "M200 132L220 210H180Z", "#c62828");
    path(s, "M200 288L220 210H180Z", "#8d9196");
    fcirc(s, 200, 210, 8, INK);
}

fn waterbottle(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<circle cx="200" cy="60" r="18" fill="none" stroke="{}" stroke-width="8"/>"#,
        p.outline
    );
    rect(s, 164, 70, 72, 52, 12, p.outline);
    rect(s, 144, 116, 112, 216, 28, p.main);
    frect(s, 146, 200, 108, 36, 0, p.accent);
    shine(s, "M162 138V300");
}

fn bone(s: &mut String, p: &Pal) {
    open(s, "rotate(-20 200 210)");
    path(
        s,
        "M132 184Q100 138 78 168Q62 190 92 206Q62 222 78 244Q100 274 132 228H268Q300 274 322 244Q338 222 308 206Q338 190 322 168Q300 138 268 184Z",
        p.main,
    );
    shine(s, "M136 196H262");
    close(s);
}

// ---------------------------------------------------------------------------------------------
// Housewares

fn steam(s: &mut String, p: &Pal, x: i32, y: i32) {
    let _ = write!(
        s,
        r#"<path d="M{x} {y}q-12 -16 0 -30t0 -30m30 30q-12 -16 0 -30t0 -30" fill="none" stroke="{}" stroke-width="5" opacity=".4"/>"#,
        p.outline
    );
}

fn mug(s: &mut String, p: &Pal) {
    strap(s, "M270 170Q336 170 336 226Q336 282 270 282", 18, p.main);
    rect(s, 118, 128, 156, 196, 18, p.main);
    ell(s, 196, 132, 76, 10, p.outline);
    if bit(p, 9) {
        path(
            s,
            "M196 258Q160 230 170 206Q182 188 196 206Q210 188 222 206Q232 230 196 258Z",
            p.accent,
        );
    } else {
        frect(s, 120, 200, 152, 22, 0, p.accent);
    }
    steam(s, p, 178, 108);
}

fn cup(s: &mut String, p: &Pal) {
    ell(s, 200, 302, 134, 26, p.light);
    strap(s, "M282 196Q330 196 326 232Q322 262 276 252", 14, p.main);
    path(s, "M108 178H292Q288 290 200 296Q112 290 108 178Z", p.main);
    ell(s, 200, 178, 92, 16, "#7a4a2a");
    line(s, "M120 220Q200 238 280 220", p.accent, 7);
    steam(s, p, 186, 150);
}

fn teapot(s: &mut String, p: &Pal) {
    strap(s, "M120 236Q74 214 58 150", 16, p.main);
    strap(s, "M282 186Q346 186 338 240Q332 280 290 278", 16, p.main);
    path(s, "M112 296Q84 204 150 164H250Q316 204 288 296Z", p.main);
    rect(s, 120, 290, 160, 22, 8, p.outline);
    path(s, "M150 164Q200 118 250 164Z", p.light);
    circ(s, 200, 122, 12, p.accent);
    line(s, "M112 232Q200 252 288 232", p.accent, 8);
}

fn kettle(s: &mut String, p: &Pal) {
    strap(s, "M138 160Q200 54 262 160", 14, INK);
    path(s, "M136 232L72 156L88 146L150 204Z", p.main);
    path(s, "M108 314L128 162Q200 140 272 162L292 314Z", p.main);
    rect(s, 100, 306, 200, 22, 8, p.outline);
    circ(s, 200, 146, 12, INK);
    shine(s, "M148 190L138 290");
}

fn pan(s: &mut String, p: &Pal) {
    strap(s, "M268 214L372 176", 18, INK);
    ell(s, 170, 236, 126, 78, p.main);
    ell(s, 170, 228, 104, 60, p.outline);
    if bit(p, 10) {
        fpath(
            s,
            "M120 226Q110 192 150 194Q176 174 200 200Q232 206 214 236Q196 262 160 254Q126 256 120 226Z",
            PAPER,
        );
        fcirc(s, 166, 222, 18, "#f5b32e");
    } else {
        shine(s, "M96 216Q120 184 170 178");
    }
}

fn pot(s: &mut String, p: &Pal) {
    rect(s, 66, 198, 36, 24, 8, p.main);
    rect(s, 298, 198, 36, 24, 8, p.main);
    path(
        s,
        "M94 182H306L296 300Q292 322 270 322H130Q108 322 104 300Z",
        p.main,
    );
    path(s, "M86 184Q200 118 314 184Z", p.light);
    rect(s, 182, 124, 36, 22, 8, p.outline);
    line(s, "M102 220H298", p.outline, 3);
    if bit(p, 11) {
        frect(s, 104, 246, 192, 18, 0, p.accent);
    }
    shine(s, "M122 232V290");
}

fn plate_base(s: &mut String, p: &Pal) {
    rect(s, 40, 118, 16, 92, 8, METAL);
    line(s, "M36 120V164M48 120V164M60 120V164", METAL, 6);
    rect(s, 42, 196, 14, 136, 7, METAL);
    path(s, "M346 114Q372 150 362 214H346Z", METAL);
    rect(s, 344, 206, 16, 126, 7, METAL);
    circ(s, 200, 222, 126, p.main);
    circ(s, 200, 222, 92, p.light);
}

fn plate(s: &mut String, p: &Pal) {
    plate_base(s, p);
    let _ = write!(
        s,
        r#"<circle cx="200" cy="222" r="109" fill="none" stroke="{}" stroke-width="4" stroke-dasharray="10 9"/>"#,
        p.accent
    );
}

fn meal(s: &mut String, p: &Pal) {
    plate_base(s, p);
    path(
        s,
        "M130 236Q124 176 184 170Q226 168 224 210Q220 250 172 258Q134 262 130 236Z",
        "#c97a3f",
    );
    for (x, y, c) in [
        (240, 198, LEAF),
        (262, 224, LEAF2),
        (236, 250, "#e64b3c"),
        (200, 270, LEAF),
        (252, 262, "#f5c542"),
    ] {
        circ(s, x, y, 16, c);
    }
}

fn bowl(s: &mut String, p: &Pal) {
    bowl_with(s, p, false);
}

fn salad(s: &mut String, p: &Pal) {
    bowl_with(s, p, true);
}

fn bowl_with(s: &mut String, p: &Pal, greens: bool) {
    if greens {
        for (x, y, c) in [
            (136, 178, LEAF),
            (176, 160, LEAF2),
            (220, 162, LEAF),
            (262, 176, LEAF2),
            (196, 176, "#e64b3c"),
            (244, 182, "#f5c542"),
        ] {
            circ(s, x, y, 26, c);
        }
    }
    ell(
        s,
        200,
        192,
        126,
        26,
        if greens { p.outline } else { p.light },
    );
    path(
        s,
        "M74 192Q80 300 200 310Q320 300 326 192Q200 226 74 192Z",
        p.main,
    );
    rect(s, 164, 304, 72, 18, 6, p.outline);
    if !greens || bit(p, 12) {
        line(s, "M92 240Q200 270 308 240", p.accent, 9);
    }
    shine(s, "M100 220Q110 262 140 280");
}

fn knife(s: &mut String, p: &Pal) {
    open(s, "rotate(-34 200 210)");
    path(s, "M250 186V236H112Q64 232 46 208Q92 188 136 186Z", METAL);
    line(s, "M60 214Q120 228 246 228", "#9aa3ab", 3);
    rect(s, 246, 180, 18, 62, 4, STEEL);
    rect(s, 262, 186, 104, 50, 14, p.main);
    fcirc(s, 290, 211, 5, METAL);
    fcirc(s, 336, 211, 5, METAL);
    close(s);
}

fn cuttingboard(s: &mut String, p: &Pal) {
    path(
        s,
        "M72 150Q72 120 102 120H252L282 96Q316 82 330 116V300Q330 322 308 322H94Q72 322 72 300Z",
        p.main,
    );
    fcirc(s, 302, 124, 12, p.outline);
    line(
        s,
        "M96 170Q200 160 300 176M96 230Q200 220 304 240M96 284Q180 274 304 290",
        p.outline,
        3,
    );
    if bit(p, 13) {
        for (x, y) in [(140, 220), (188, 206), (236, 226)] {
            circ(s, x, y, 24, "#e64b3c");
            fcirc(s, x, y, 12, "#f4a08a");
        }
    }
}

fn blender(s: &mut String, p: &Pal) {
    strap(s, "M276 120H306V222H266", 12, p.outline);
    path(s, "M116 92H284L262 252H138Z", GLASS);
    fpath(s, "M128 150H272L258 248H142Z", p.accent);
    line(s, "M180 236L220 236M200 226V246", INK, 5);
    rect(s, 110, 72, 180, 24, 6, INK);
    path(s, "M126 330L144 248H256L274 330Z", p.main);
    fcirc(s, 178, 296, 9, p.outline);
    fcirc(s, 222, 296, 9, p.outline);
    shine(s, "M140 110L150 230");
}

fn wineglass(s: &mut String, p: &Pal) {
    path(s, "M140 86H260Q266 196 200 210Q134 196 140 86Z", GLASS);
    fpath(s, "M142 140H258Q254 200 200 208Q146 200 142 140Z", p.main);
    line(s, "M200 210V310", GLASS, 10);
    line(s, "M200 210V310", p.outline, 3);
    ell(s, 200, 316, 56, 12, GLASS);
    shine(s, "M156 102Q154 150 168 178");
}

// ---------------------------------------------------------------------------------------------
// Home decor

fn vase(s: &mut String, p: &Pal) {
    if bit(p, 14) {
        line(
            s,
            "M192 92Q170 60 150 40M208 92Q228 62 252 48M200 92V36",
            LEAF2,
            4,
        );
        for (x, y) in [(150, 40), (252, 48), (200, 34)] {
            circ(s, x, y, 14, p.accent);
        }
    }
    path(
        s,
        "M170 80H230L228 112Q300 170 282 258Q268 322 200 326Q132 322 118 258Q100 170 172 112Z",
        p.main,
    );
    ell(s, 200, 82, 32, 8, p.outline);
    line(s, "M122 222Q200 246 278 222", p.accent, 10);
    line(s, "M126 256Q200 278 274 256", p.light, 6);
    shine(s, "M150 160Q134 200 140 240");
}

fn candle(s: &mut String, p: &Pal) {
    fcirc(s, 200, 110, 50, "#fff0b8");
    line(s, "M200 146V132", INK, 4);
    path(
        s,
        "M200 72Q224 106 212 128Q200 140 188 128Q176 106 200 72Z",
        "#f5b93a",
    );
    fpath(
        s,
        "M200 100Q210 116 206 126Q200 132 194 126Q190 116 200 100Z",
        "#fff1a8",
    );
    rect(s, 142, 146, 116, 180, 12, p.main);
    path(
        s,
        "M142 160Q142 146 156 146H244Q258 146 258 160V176Q246 186 240 176Q230 202 220 178Q206 190 196 176Q182 196 172 176Q156 190 142 176Z",
        p.light,
    );
    if bit(p, 15) {
        rect(s, 164, 230, 72, 54, 6, PAPER);
        fcirc(s, 200, 257, 12, p.accent);
    }
}

fn lamp(s: &mut String, p: &Pal) {
    fpath(s, "M104 200H296L344 276H56Z", "#fff4c2");
    line(s, "M200 200V290", STEEL, 8);
    path(s, "M176 226Q140 270 172 304H228Q260 270 224 226Z", p.accent);
    rect(s, 148, 300, 104, 24, 8, p.outline);
    path(s, "M140 90H260L302 204H98Z", p.main);
    line(s, "M118 150H282", p.light, 5);
}

fn frame(s: &mut String, p: &Pal) {
    line(s, "M200 46L130 90M200 46L270 90", "#6b6f75", 3);
    fcirc(s, 200, 46, 6, STEEL);
    rect(s, 86, 86, 228, 240, 6, p.main);
    rect(s, 108, 108, 184, 196, 2, PAPER);
    rect(s, 128, 128, 144, 156, 0, "#bfe0f2");
    fpath(s, "M128 284V240L170 196L210 236L236 212L272 250V284Z", LEAF);
    fcirc(s, 240, 164, 16, p.accent);
}

fn rug(s: &mut String, p: &Pal) {
    line(s, "M62 128V292M48 128V292", p.outline, 3);
    let _ = write!(
        s,
        r#"<path d="M56 132h-14m14 20h-14m14 20h-14m14 20h-14m14 20h-14m14 20h-14m14 20h-14m14 20h-14m14 20h-14M344 132h14m-14 20h14m-14 20h14m-14 20h14m-14 20h14m-14 20h14m-14 20h14m-14 20h14m-14 20h14" fill="none" stroke="{}" stroke-width="4"/>"#,
        p.outline
    );
    rect(s, 60, 116, 280, 188, 6, p.main);
    let _ = write!(
        s,
        r#"<rect x="80" y="134" width="240" height="152" fill="none" stroke="{}" stroke-width="8"/>"#,
        p.accent
    );
    path(s, "M200 150L262 210L200 270L138 210Z", p.light);
    path(s, "M200 180L230 210L200 240L170 210Z", p.accent);
}

fn mirror(s: &mut String, p: &Pal) {
    line(s, "M200 300V322", p.outline, 10);
    ell(s, 200, 324, 64, 12, p.outline);
    ell(s, 200, 184, 96, 124, p.main);
    ell(s, 200, 184, 76, 104, GLASS);
    line(s, "M156 150L196 110M160 190L226 124", SHINE, 8);
}

fn pillow(s: &mut String, p: &Pal) {
    path(
        s,
        "M84 116Q200 96 316 116Q340 210 316 304Q200 324 84 304Q60 210 84 116Z",
        p.main,
    );
    if bit(p, 16) {
        fpath(
            s,
            "M92 170Q200 156 308 170V196Q200 182 92 196ZM92 236Q200 222 308 236V262Q200 248 92 262Z",
            p.accent,
        );
    } else {
        path(s, "M200 150L258 210L200 270L142 210Z", p.accent);
    }
    let _ = write!(
        s,
        r#"<path d="M104 134Q200 118 296 134Q316 210 296 286Q200 302 104 286Q84 210 104 134Z" fill="none" stroke="{}" stroke-width="3" stroke-dasharray="8 7"/>"#,
        p.outline
    );
    fcirc(s, 200, 210, 8, p.outline);
}

fn clock(s: &mut String, p: &Pal) {
    if !bit(p, 17) {
        circ(s, 130, 100, 32, METAL);
        circ(s, 270, 100, 32, METAL);
        line(s, "M130 308L112 332M270 308L288 332", INK, 10);
    }
    circ(s, 200, 206, 114, p.main);
    circ(s, 200, 206, 94, PAPER);
    for (x, y) in [
        (200, 126),
        (240, 137),
        (269, 166),
        (280, 206),
        (269, 246),
        (240, 275),
        (200, 286),
        (160, 275),
        (131, 246),
        (120, 206),
        (131, 166),
        (160, 137),
    ] {
        fcirc(s, x, y, 5, INK);
    }
    line(s, "M200 206V150M200 206L240 226", INK, 7);
    fcirc(s, 200, 206, 8, p.accent);
}

fn basket(s: &mut String, p: &Pal) {
    strap(s, "M104 196Q110 74 200 74Q290 74 296 196", 10, p.outline);
    for (x, y) in [(150, 178), (196, 170), (244, 178)] {
        ell(s, x, y, 26, 32, if x == 196 { p.accent } else { p.light });
    }
    path(s, "M86 196H314L288 322H112Z", p.main);
    line(s, "M94 228H306M100 260H300M106 292H294", p.outline, 4);
    line(
        s,
        "M130 196L138 322M170 196L172 322M210 196V322M250 196L246 322M290 196L268 322",
        p.outline,
        3,
    );
    rect(s, 78, 184, 244, 20, 8, p.outline);
}

// ---------------------------------------------------------------------------------------------
// Furniture

fn chair(s: &mut String, p: &Pal) {
    line(
        s,
        "M126 236L112 330M274 236L288 330M160 240L166 316M240 240L234 316",
        DARKWOOD,
        10,
    );
    rect(s, 128, 72, 144, 140, 34, p.main);
    rect(s, 146, 90, 108, 104, 24, p.light);
    path(s, "M108 204H292L302 244H98Z", p.main);
    if bit(p, 18) {
        rect(s, 176, 172, 54, 44, 12, p.accent);
    }
}

fn sofa(s: &mut String, p: &Pal) {
    line(s, "M90 286L84 322M310 286L316 322", DARKWOOD, 10);
    rect(s, 78, 124, 244, 104, 26, p.main);
    rect(s, 68, 256, 264, 40, 12, p.main);
    rect(s, 98, 204, 104, 60, 12, p.light);
    rect(s, 198, 204, 104, 60, 12, p.light);
    rect(s, 50, 168, 56, 128, 24, p.main);
    rect(s, 294, 168, 56, 128, 24, p.main);
    let _ = write!(
        s,
        r#"<rect x="108" y="150" width="58" height="56" rx="12" fill="{}" transform="rotate(-10 137 178)"/>"#,
        p.accent
    );
}

fn table(s: &mut String, p: &Pal) {
    if bit(p, 19) {
        rect(s, 186, 200, 28, 110, 4, p.outline);
        ell(s, 200, 318, 70, 14, p.outline);
        ell(s, 200, 186, 150, 34, p.main);
        ell(s, 200, 180, 136, 26, p.light);
    } else {
        rect(s, 84, 186, 18, 146, 4, p.outline);
        rect(s, 298, 186, 18, 146, 4, p.outline);
        rect(s, 124, 186, 14, 116, 4, p.outline);
        rect(s, 262, 186, 14, 116, 4, p.outline);
        rect(s, 80, 186, 240, 22, 2, p.outline);
        rect(s, 56, 164, 288, 26, 6, p.main);
    }
    path(s, "M186 160L180 130H220L214 160Z", p.accent);
    circ(s, 200, 116, 16, LEAF);
}

fn bed(s: &mut String, p: &Pal) {
    rect(s, 56, 110, 44, 212, 12, p.main);
    rect(s, 326, 180, 26, 142, 8, p.main);
    rect(s, 96, 196, 236, 50, 10, PAPER);
    ell(s, 142, 190, 40, 18, SHINE);
    path(s, "M190 192H330V246H172Q166 214 190 192Z", p.accent);
    rect(s, 96, 242, 236, 34, 4, p.outline);
    line(s, "M110 276V314M318 276V314", p.outline, 10);
}

fn bookshelf(s: &mut String, p: &Pal) {
    rect(s, 96, 58, 208, 276, 6, p.main);
    rect(s, 112, 74, 176, 244, 2, p.outline);
    let cols = [
        p.accent,
        p.light,
        p.accent_shade,
        "#f2ead3".parse_col(),
        p.accent,
        p.light,
    ];
    for (row, y) in [(0u32, 140), (1, 212), (2, 284)] {
        let mut x = 118;
        let mut i = row as usize;
        while x < 262 {
            let w = 14 + ((p.variant >> (i % 8)) & 7) as i32 * 2;
            let h = 44 + ((p.variant >> ((i + 3) % 8)) & 3) as i32 * 6;
            rect(s, x, y - h, w, h, 2, cols[i % cols.len()]);
            x += w + 4;
            i += 1;
        }
        rect(s, 112, y, 176, 12, 0, p.main);
    }
}

fn desk(s: &mut String, p: &Pal) {
    rect(s, 64, 194, 104, 130, 4, p.main);
    line(s, "M76 238H156M76 282H156", p.outline, 3);
    for y in [216, 260, 304] {
        fcirc(s, 116, y, 5, p.accent);
    }
    rect(s, 316, 194, 18, 130, 4, p.main);
    rect(s, 46, 174, 308, 24, 4, p.outline);
    line(s, "M250 174V132L286 104", STEEL, 6);
    path(s, "M276 92L312 96L300 126Z", p.accent);
}

fn dresser(s: &mut String, p: &Pal) {
    line(s, "M106 310V330M294 310V330", p.outline, 10);
    rect(s, 92, 112, 216, 200, 8, p.main);
    rect(s, 80, 100, 240, 20, 6, p.outline);
    for y in [132, 192, 252] {
        rect(s, 108, y, 184, 50, 4, p.light);
        fcirc(s, 168, y + 25, 6, GOLD);
        fcirc(s, 232, y + 25, 6, GOLD);
    }
    ell(s, 254, 86, 18, 14, p.accent);
}

fn stool(s: &mut String, p: &Pal) {
    line(
        s,
        "M150 170L118 330M250 170L282 330M180 176L176 312M220 176L224 312",
        DARKWOOD,
        10,
    );
    line(s, "M136 258H264", DARKWOOD, 8);
    path(s, "M118 142V160Q200 196 282 160V142Z", p.outline);
    ell(s, 200, 142, 82, 24, p.main);
}

// ---------------------------------------------------------------------------------------------
// Seasonal

fn ornament(s: &mut String, p: &Pal) {
    line(s, "M200 30V86", "#8d9196", 2);
    let _ = write!(
        s,
        r#"<circle cx="200" cy="84" r="11" fill="none" stroke="{GOLD}" stroke-width="5"/>"#
    );
    rect(s, 178, 92, 44, 24, 5, GOLD);
    circ(s, 200, 218, 106, p.main);
    line(
        s,
        "M100 192L125 214L150 192L175 214L200 192L225 214L250 192L275 214L300 192",
        p.accent,
        8,
    );
    line(s, "M100 246H300", p.light, 6);
    shine(s, "M140 150Q160 130 186 126");
}

fn wreath(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<circle cx="200" cy="196" r="102" fill="none" stroke="{LEAF2}" stroke-width="62"/>"#
    );
    for (radius, offset, tilt, c) in [
        (124.0f32, 0.0f32, 0.5f32, LEAF),
        (84.0, 0.2, -0.5, "#3a8a4e"),
    ] {
        let mut d = String::with_capacity(600);
        for i in 0..16 {
            let t = (i as f32 / 16.0 + offset) * std::f32::consts::TAU;
            let (cx, cy) = (200.0 + radius * t.sin(), 196.0 - radius * t.cos());
            let (dx, dy) = ((t + tilt).cos() * 22.0, (t + tilt).sin() * 22.0);
            let (nx, ny) = (-dy * 0.6, dx * 0.6);
            let _ = write!(
                d,
                "M{:.0} {:.0}Q{:.0} {:.0} {:.0} {:.0}Q{:.0} {:.0} {:.0} {:.0}Z",
                cx - dx,
                cy - dy,
                cx + nx,
                cy + ny,
                cx + dx,
                cy + dy,
                cx - nx,
                cy - ny,
                cx - dx,
                cy - dy
            );
        }
        fpath(s, &d, c);
    }
    for (x, y) in [
        (118, 140),
        (292, 170),
        (130, 250),
        (226, 104),
        (300, 236),
        (160, 112),
    ] {
        circ(s, x, y, 9, "#d32f2f");
    }
    path(
        s,
        "M200 292L150 262Q136 292 150 322ZM200 292L250 262Q264 292 250 322Z",
        p.main,
    );
    path(
        s,
        "M194 298L174 346L188 342L200 308L212 342L226 346L206 298Z",
        p.main,
    );
    circ(s, 200, 292, 14, p.outline);
}

fn lights(s: &mut String, p: &Pal) {
    let wire = "M20 130Q110 210 200 140Q290 70 380 150";
    line(s, wire, "#2f3b30", 4);
    let cols = [
        p.main,
        p.accent,
        "#f5d02e".parse_col(),
        "#2e8b57".parse_col(),
        "#e63946".parse_col(),
        "#5fa8d3".parse_col(),
    ];
    for i in 0..8 {
        let t = (i as f32 + 0.5) / 8.0;
        let (x, y) = if t < 0.5 {
            let u = t * 2.0;
            quad((20.0, 130.0), (110.0, 210.0), (200.0, 140.0), u)
        } else {
            let u = t * 2.0 - 1.0;
            quad((200.0, 140.0), (290.0, 70.0), (380.0, 150.0), u)
        };
        let (x, y) = (x as i32, y as i32);
        let c = cols[i % cols.len()];
        let _ = write!(
            s,
            r#"<circle cx="{x}" cy="{}" r="30" fill="{c}" opacity=".25" stroke="none"/>"#,
            y + 28
        );
        rect(s, x - 7, y, 14, 14, 2, "#4a5a4a");
        path(
            s,
            &format!(
                "M{} {}Q{} {} {} {}Q{} {} {} {}Z",
                x - 10,
                y + 14,
                x - 14,
                y + 44,
                x,
                y + 54,
                x + 14,
                y + 44,
                x + 10,
                y + 14
            ),
            c,
        );
    }
    line(s, "M40 250Q200 330 360 250", "#2f3b30", 4);
    for (x, c) in [
        (90, p.accent),
        (150, p.main),
        (210, "#f5d02e".parse_col()),
        (270, p.accent),
        (320, p.main),
    ] {
        let y = 250 + (40.0 * (1.0 - ((x - 200) as f32 / 160.0).powi(2))) as i32;
        path(
            s,
            &format!(
                "M{} {}Q{} {} {} {}Q{} {} {} {}Z",
                x - 9,
                y + 4,
                x - 12,
                y + 30,
                x,
                y + 38,
                x + 12,
                y + 30,
                x + 9,
                y + 4
            ),
            c,
        );
    }
}

fn quad(a: (f32, f32), b: (f32, f32), c: (f32, f32), t: f32) -> (f32, f32) {
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * b.0 + t * t * c.0,
        u * u * a.1 + 2.0 * u * t * b.1 + t * t * c.1,
    )
}

fn stocking(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<rect x="232" y="44" width="16" height="34" rx="8" fill="none" stroke="{}" stroke-width="5"/>"#,
        p.outline
    );
    path(
        s,
        "M150 96H250V214L290 252Q322 282 302 312Q282 338 246 322L170 276Q150 262 150 236Z",
        p.main,
    );
    fpath(s, "M150 150H250V172H150ZM150 196H250V218H150Z", p.accent);
    path(s, "M286 246Q322 280 302 312Q282 338 246 322Z", p.accent);
    rect(s, 138, 64, 124, 46, 16, "#f6f4ee");
}

fn pumpkin(s: &mut String, p: &Pal) {
    path(
        s,
        "M192 140Q188 110 206 94L218 102Q204 116 210 140Z",
        "#5b7a2e",
    );
    ell(s, 138, 228, 74, 94, p.main);
    ell(s, 262, 228, 74, 94, p.main);
    ell(s, 200, 228, 68, 100, p.light);
    line(s, "M200 130V326", p.outline, 3);
    path(s, "M214 110Q252 86 266 112Q240 110 222 124Z", LEAF);
    line(s, "M222 100Q246 72 268 86", "#5b7a2e", 3);
}

fn garland(s: &mut String, p: &Pal) {
    line(s, "M44 116Q200 286 356 116", LEAF2, 46);
    for i in 0..13 {
        let t = i as f32 / 12.0;
        let (x, y) = quad((44.0, 116.0), (200.0, 286.0), (356.0, 116.0), t);
        let (x, y) = (x as i32, y as i32);
        let _ = write!(
            s,
            r#"<ellipse cx="{x}" cy="{}" rx="12" ry="26" fill="{LEAF}" stroke="none" transform="rotate({} {x} {y})"/>"#,
            y - 8,
            (i * 37) % 90 - 45
        );
    }
    for (i, x) in [80, 140, 200, 260, 320].into_iter().enumerate() {
        let y = quad(
            (44.0, 116.0),
            (200.0, 286.0),
            (356.0, 116.0),
            (x - 44) as f32 / 312.0,
        )
        .1 as i32;
        line(s, &format!("M{x} {}v26", y + 10), "#8d9196", 2);
        circ(s, x, y + 52, 22, if i % 2 == 0 { p.main } else { p.accent });
        rect(s, x - 7, y + 28, 14, 8, 2, GOLD);
    }
}

fn heart(s: &mut String, p: &Pal) {
    path(
        s,
        "M200 322Q56 232 66 150Q76 82 138 80Q180 80 200 122Q220 80 262 80Q324 82 334 150Q344 232 200 322Z",
        p.main,
    );
    shine(s, "M106 150Q110 116 140 110");
    path(
        s,
        "M296 90Q270 74 274 58Q278 46 290 52Q298 40 308 48Q318 60 296 90Z",
        p.accent,
    );
}

const EGG: &str = "M200 76Q290 76 294 222Q294 324 200 326Q106 324 106 222Q110 76 200 76Z";

fn egg(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<path d="{EGG}" fill="{}" transform="translate(176 150) scale(.5)"/>"#,
        p.accent
    );
    path(s, EGG, p.main);
    line(
        s,
        "M110 196L132 176L154 196L176 176L198 196L220 176L242 196L264 176L288 196",
        p.light,
        8,
    );
    line(s, "M108 250Q200 272 292 250", p.accent, 10);
    for (x, y) in [
        (150, 138),
        (200, 130),
        (250, 138),
        (160, 294),
        (200, 300),
        (240, 294),
    ] {
        fcirc(s, x, y, 7, p.light);
    }
}

fn mask(s: &mut String, p: &Pal) {
    line(s, "M306 232L354 330", DARKWOOD, 9);
    path(s, "M280 140Q300 70 336 56Q318 100 300 146Z", p.accent);
    path(s, "M264 144Q264 84 300 56Q296 110 284 150Z", p.light);
    path(
        s,
        "M58 170Q78 128 130 138Q170 148 200 168Q230 148 270 138Q322 128 342 170Q348 232 300 250Q250 266 200 230Q150 266 100 250Q52 232 58 170Z",
        p.main,
    );
    path(s, "M100 184Q128 164 166 186Q140 210 100 184Z", INK);
    path(s, "M300 184Q272 164 234 186Q260 210 300 184Z", INK);
    line(
        s,
        "M80 220Q100 238 130 232M320 220Q300 238 270 232",
        p.accent,
        5,
    );
}

fn tree(s: &mut String, p: &Pal) {
    rect(s, 182, 280, 36, 42, 4, DARKWOOD);
    path(s, "M200 58L284 162H246L318 270H82L154 162H116Z", p.main);
    line(
        s,
        "M138 200Q200 224 262 200M112 252Q200 276 288 252",
        p.accent,
        5,
    );
    for (x, y, c) in [
        (176, 140, p.accent),
        (224, 176, p.light),
        (150, 230, p.light),
        (250, 236, p.accent),
        (200, 250, p.accent),
        (198, 196, p.light),
    ] {
        circ(s, x, y, 10, c);
    }
    path(
        s,
        "M200 34L208 52L228 54L213 66L218 86L200 76L182 86L187 66L172 54L192 52Z",
        "#f5d02e",
    );
}

fn candycane(s: &mut String, p: &Pal) {
    let d = "M236 326V146Q236 84 182 84Q128 84 128 140";
    let _ = write!(s, r#"<path d="{d}" fill="none" stroke-width="48"/>"#);
    let _ = write!(
        s,
        r##"<path d="{d}" fill="none" stroke="#fbf8f2" stroke-width="40"/>"##
    );
    let _ = write!(
        s,
        r#"<path d="{d}" fill="none" stroke="{}" stroke-width="40" stroke-dasharray="22 22" stroke-linecap="butt"/>"#,
        p.main
    );
}

fn cookie(s: &mut String, p: &Pal) {
    circ(s, 200, 210, 112, p.main);
    for (x, y) in [
        (160, 160),
        (232, 150),
        (254, 216),
        (186, 226),
        (144, 262),
        (222, 282),
        (270, 268),
    ] {
        fell(s, x, y, 12, 9, p.outline);
    }
    path(s, "M110 168Q118 132 150 112", p.light);
    if bit(p, 20) {
        line(s, "M124 196Q200 176 276 196", p.accent, 8);
    }
}

fn cupcake(s: &mut String, p: &Pal) {
    path(s, "M126 212H274L252 324H148Z", p.accent);
    line(
        s,
        "M150 212L160 324M174 212L178 324M200 212V324M226 212L222 324M250 212L240 324",
        p.accent_shade,
        3,
    );
    path(
        s,
        "M110 214Q100 174 140 168Q140 126 186 122Q200 84 226 112Q272 112 262 164Q304 172 290 214Z",
        p.main,
    );
    line(s, "M136 190Q200 206 264 190", p.light, 6);
    circ(s, 214, 96, 16, "#d32f2f");
    for (x, y, c) in [
        (160, 150, "#f5d02e"),
        (236, 146, "#5fa8d3"),
        (196, 174, "#2e8b57"),
        (250, 186, "#f78154"),
    ] {
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="14" height="5" rx="2" fill="{c}" stroke="none" transform="rotate(35 {x} {y})"/>"#
        );
    }
}

fn candy(s: &mut String, p: &Pal) {
    path(s, "M128 206L56 156L70 206L56 256Z", p.light);
    path(s, "M272 206L344 156L330 206L344 256Z", p.light);
    circ(s, 200, 206, 80, p.main);
    line(
        s,
        "M148 150Q200 206 156 262M200 126Q252 206 200 286M252 150Q300 206 244 262",
        p.accent,
        14,
    );
    shine(s, "M150 170Q162 146 186 140");
}

fn chocolate(s: &mut String, p: &Pal) {
    open(s, "rotate(-10 200 210)");
    rect(s, 112, 70, 176, 150, 6, "#5d3b25");
    let mut d = String::with_capacity(200);
    for (i, x) in [112, 171, 230].into_iter().enumerate() {
        for (j, y) in [70, 120, 170].into_iter().enumerate() {
            if (i + j) % 2 == 0 {
                let _ = write!(d, "M{} {}h47v38h-47z", x + 6, y + 6);
            }
        }
    }
    fpath(s, &d, "#6f4a30");
    line(
        s,
        "M171 70V220M230 70V220M112 120H288M112 170H288",
        "#3e2616",
        4,
    );
    path(
        s,
        "M104 180L124 170L144 182L164 168L184 182L204 170L224 182L244 168L264 182L284 170L296 180V206H104Z",
        METAL,
    );
    rect(s, 100, 200, 200, 136, 8, p.main);
    rect(s, 100, 240, 200, 40, 0, p.accent);
    close(s);
}

fn star(s: &mut String, p: &Pal) {
    path(
        s,
        "M200 62L240 152L336 160L262 224L286 318L200 266L114 318L138 224L64 160L160 152Z",
        p.main,
    );
    path(
        s,
        "M200 120L222 172L278 176L236 212L250 266L200 236L150 266L164 212L122 176L178 172Z",
        p.light,
    );
    path(
        s,
        "M318 70L326 90L346 98L326 106L318 126L310 106L290 98L310 90Z",
        p.accent,
    );
    path(
        s,
        "M86 250L92 264L106 270L92 276L86 290L80 276L66 270L80 264Z",
        p.accent,
    );
}

// ---------------------------------------------------------------------------------------------
// Floral

fn rosehead(s: &mut String, p: &Pal, x: i32, y: i32, r: i32) {
    circ(s, x, y, r, p.main);
    fcirc(s, x + r / 8, y - r / 8, r / 2, p.light);
    let _ = write!(
        s,
        r#"<path d="M{} {}a{r2} {r2} 0 1 1 {r2} {r2}" fill="none" stroke="{}" stroke-width="3"/>"#,
        x - r / 4,
        y,
        p.outline,
        r2 = r / 3
    );
    let _ = write!(
        s,
        r#"<path d="M{} {}q{} {} {} 0" fill="none" stroke="{}" stroke-width="3"/>"#,
        x - r + 6,
        y + r / 4,
        r,
        r,
        2 * r - 12,
        p.outline
    );
}

fn leaf(s: &mut String, x: i32, y: i32, angle: i32) {
    let _ = write!(
        s,
        r#"<ellipse cx="{x}" cy="{y}" rx="12" ry="28" fill="{LEAF}" transform="rotate({angle} {x} {y})"/>"#
    );
}

fn bouquet(s: &mut String, p: &Pal) {
    leaf(s, 112, 150, -60);
    leaf(s, 288, 150, 60);
    leaf(s, 150, 92, -25);
    leaf(s, 252, 92, 25);
    for (x, y) in [
        (146, 160),
        (254, 160),
        (200, 104),
        (168, 200),
        (232, 200),
        (200, 152),
    ] {
        rosehead(s, p, x, y, 36);
    }
    path(s, "M110 206H290L216 330H184Z", p.light);
    line(s, "M150 206L192 330M250 206L208 330", p.outline, 2);
    path(
        s,
        "M200 256L164 234Q154 266 168 276ZM200 256L236 234Q246 266 232 276Z",
        p.accent,
    );
    circ(s, 200, 256, 10, p.accent_shade);
}

fn rose(s: &mut String, p: &Pal) {
    line(s, "M200 160Q186 250 204 330", LEAF2, 7);
    leaf(s, 172, 252, -50);
    leaf(s, 230, 222, 55);
    path(
        s,
        "M148 130Q148 74 200 74Q252 74 252 130Q252 184 200 188Q148 184 148 130Z",
        p.main,
    );
    line(
        s,
        "M180 110Q200 92 220 110Q226 136 200 140Q180 136 186 120M160 130Q170 170 200 172Q232 170 240 130",
        p.outline,
        3,
    );
    path(s, "M170 176L200 196L230 176L214 200H186Z", LEAF);
}

fn tulip(s: &mut String, p: &Pal) {
    line(
        s,
        "M150 160Q160 240 186 300M200 140V300M250 160Q240 240 214 300",
        LEAF2,
        6,
    );
    leaf(s, 156, 262, -30);
    leaf(s, 244, 262, 30);
    for (x, y) in [(150, 150), (200, 128), (250, 150)] {
        let _ = write!(
            s,
            r#"<path d="M{} {}l8 40q22 22 44 0l8 -40l-18 16l-12 -26l-12 26z" fill="{}"/>"#,
            x - 30,
            y - 30,
            if x == 200 { p.accent } else { p.main }
        );
    }
    path(s, "M140 288H260L244 334H156Z", p.outline);
}

fn orchid(s: &mut String, p: &Pal) {
    line(s, "M190 290Q180 160 236 92", LEAF2, 5);
    line(s, "M200 290V226", p.outline, 3);
    for (x, y) in [(182, 196), (214, 124), (196, 154)] {
        for a in [0, 72, 144, 216, 288] {
            let _ = write!(
                s,
                r#"<ellipse cx="{x}" cy="{}" rx="11" ry="18" fill="{}" transform="rotate({a} {x} {y})"/>"#,
                y - 16,
                p.main
            );
        }
        circ(s, x, y, 7, p.accent);
    }
    leaf(s, 160, 276, -70);
    leaf(s, 238, 276, 70);
    path(s, "M140 282H260L246 334H154Z", p.light);
}

fn pot_base(s: &mut String, p: &Pal) {
    path(s, "M136 236H264L248 330H152Z", p.main);
    rect(s, 128, 224, 144, 24, 6, p.outline);
}

fn succulent(s: &mut String, p: &Pal) {
    for (a, c, ry) in [
        (-72, "#6fa878", 100),
        (72, "#6fa878", 100),
        (-38, "#5f9e6e", 112),
        (38, "#5f9e6e", 112),
        (0, "#86bd86", 118),
        (-16, "#a3cf98", 74),
        (16, "#a3cf98", 74),
        (0, "#b9dcaa", 48),
    ] {
        let _ = write!(
            s,
            r#"<path d="M200 226Q{} {} 200 {}Q{} {} 200 226Z" fill="{c}" transform="rotate({a} 200 226)"/>"#,
            160,
            226 - ry / 2,
            226 - ry,
            240,
            226 - ry / 2
        );
    }
    path(s, "M128 232H272L254 332H146Z", p.main);
    rect(s, 120, 220, 160, 26, 6, p.outline);
}

fn plant(s: &mut String, p: &Pal) {
    line(
        s,
        "M200 230Q190 150 132 110M200 230Q210 140 262 96M200 230V128M200 230Q230 190 290 180",
        LEAF2,
        5,
    );
    for (x, y, a) in [
        (132, 110, -50),
        (262, 96, 40),
        (200, 110, 0),
        (290, 172, 70),
        (112, 176, -80),
    ] {
        let _ = write!(
            s,
            r#"<ellipse cx="{x}" cy="{y}" rx="30" ry="50" fill="{LEAF}" transform="rotate({a} {x} {y})"/>"#
        );
        let _ = write!(
            s,
            r#"<path d="M{x} {}V{}" stroke="{LEAF2}" stroke-width="3" transform="rotate({a} {x} {y})"/>"#,
            y + 46,
            y - 40
        );
    }
    pot_base(s, p);
    line(s, "M140 266H260", p.accent, 8);
}

fn flower(s: &mut String, p: &Pal) {
    line(s, "M200 160Q210 250 196 330", LEAF2, 8);
    leaf(s, 230, 256, 50);
    leaf(s, 170, 286, -50);
    for a in (0..360).step_by(40) {
        let _ = write!(
            s,
            r#"<ellipse cx="200" cy="96" rx="22" ry="44" fill="{}" transform="rotate({a} 200 150)"/>"#,
            p.main
        );
    }
    circ(s, 200, 150, 34, p.accent);
    fcirc(s, 192, 142, 8, p.light);
}

// ---------------------------------------------------------------------------------------------
// Books

fn book(s: &mut String, p: &Pal) {
    rect(s, 118, 72, 188, 254, 8, PAPER);
    line(s, "M292 84V318M300 84V318", "#d9d2bd", 2);
    rect(s, 96, 64, 192, 256, 8, p.main);
    rect(s, 96, 64, 28, 256, 6, p.outline);
    rect(s, 146, 104, 118, 56, 6, p.light);
    line(s, "M162 124H248M170 142H240", p.outline, 5);
    match p.variant % 4 {
        0 => {
            circ(s, 206, 236, 38, p.accent);
            line(
                s,
                "M168 236H244M206 198Q186 236 206 274Q226 236 206 198",
                p.accent_shade,
                3,
            );
        }
        1 => path(
            s,
            "M206 200L216 226L244 228L222 246L230 272L206 258L182 272L190 246L168 228L196 226Z",
            p.accent,
        ),
        2 => {
            frect(s, 124, 226, 164, 18, 0, p.accent);
            frect(s, 124, 256, 164, 8, 0, p.accent);
        }
        _ => path(s, "M170 270L206 204L242 270Z", p.accent),
    }
}

// ---------------------------------------------------------------------------------------------
// Groceries

fn coffee(s: &mut String, p: &Pal) {
    path(s, "M118 112H282L298 330H102Z", p.main);
    rect(s, 112, 92, 176, 34, 4, p.outline);
    line(s, "M124 104H276", p.detail, 3);
    circ(s, 200, 222, 52, PAPER);
    ell(s, 200, 222, 22, 30, "#5d3b25");
    line(s, "M200 194Q188 222 200 250", "#c8a27a", 3);
    for (x, y, a) in [(92, 322, 30), (312, 316, -20), (280, 334, 60)] {
        let _ = write!(
            s,
            r#"<ellipse cx="{x}" cy="{y}" rx="12" ry="16" fill="{DARKWOOD}" transform="rotate({a} {x} {y})"/>"#
        );
    }
}

fn tea(s: &mut String, p: &Pal) {
    rect(s, 130, 124, 140, 200, 10, p.main);
    rect(s, 122, 100, 156, 40, 8, p.outline);
    rect(s, 148, 180, 104, 96, 8, PAPER);
    let _ = write!(
        s,
        r#"<path d="M200 260Q164 230 200 196Q236 230 200 260Z" fill="{LEAF}" transform="rotate(20 200 228)"/>"#
    );
    line(s, "M200 256L206 200", LEAF2, 2);
}

fn pasta(s: &mut String, p: &Pal) {
    rect(s, 132, 122, 136, 208, 24, GLASS);
    for (i, (x, y)) in [
        (160, 300),
        (200, 306),
        (240, 300),
        (170, 268),
        (214, 272),
        (246, 256),
        (152, 236),
        (196, 234),
        (236, 216),
        (166, 200),
        (210, 192),
        (180, 164),
        (230, 162),
    ]
    .into_iter()
    .enumerate()
    {
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="34" height="13" rx="4" fill="#efc96b" stroke="#b88a2e" stroke-width="2" transform="rotate({} {x} {y})"/>"##,
            x - 17,
            y - 6,
            (i as i32 * 47) % 120 - 60
        );
    }
    rect(s, 126, 92, 148, 36, 8, p.main);
    frect(s, 136, 226, 128, 30, 0, p.accent);
    shine(s, "M148 140V300");
}

fn oliveoil(s: &mut String, p: &Pal) {
    rect(s, 180, 52, 40, 22, 4, GOLD);
    path(
        s,
        "M182 72H218L220 128Q262 158 262 204V318Q262 330 250 330H150Q138 330 138 318V204Q138 158 180 128Z",
        p.main,
    );
    rect(s, 152, 200, 96, 92, 6, "#f3ead2");
    ell(s, 188, 250, 12, 16, "#5b6b2a");
    ell(s, 212, 244, 12, 16, "#7a7f2a");
    let _ = write!(
        s,
        r#"<path d="M206 228Q226 206 242 218Q224 226 206 228Z" fill="{LEAF}"/>"#
    );
    shine(s, "M154 176V196");
}

fn honey(s: &mut String, p: &Pal) {
    strap(s, "M256 180L330 74", 8, WOOD);
    rect(s, 128, 150, 144, 176, 34, p.main);
    rect(s, 136, 114, 128, 44, 8, p.accent);
    fpath(
        s,
        "M136 150H264V172Q250 194 240 172Q228 204 214 172Q200 190 188 172Q172 200 162 172Q150 186 136 172Z",
        p.accent,
    );
    path(s, "M200 218L226 232V262L200 276L174 262V232Z", PAPER);
    shine(s, "M146 196V290");
}

fn cheese(s: &mut String, p: &Pal) {
    path(s, "M66 210L334 186V302L66 310Z", p.main);
    path(s, "M66 210L270 126L334 186Z", p.light);
    for (x, y, rx, ry) in [
        (110, 250, 14, 18),
        (170, 274, 10, 12),
        (232, 236, 18, 22),
        (296, 272, 12, 14),
        (150, 226, 7, 8),
    ] {
        fell(s, x, y, rx, ry, p.outline);
    }
    fell(s, 240, 170, 14, 7, p.outline);
}

fn milk(s: &mut String, p: &Pal) {
    path(s, "M140 142L166 94H234L260 142Z", PAPER);
    rect(s, 170, 78, 60, 18, 3, p.accent);
    rect(s, 140, 140, 120, 190, 4, PAPER);
    frect(s, 142, 200, 116, 80, 0, p.main);
    fpath(s, "M142 200Q200 228 258 200V280H142Z", p.accent);
}

fn bread(s: &mut String, p: &Pal) {
    path(
        s,
        "M66 256Q56 168 140 150Q200 140 260 150Q344 168 334 256V300Q334 318 316 318H84Q66 318 66 300Z",
        p.main,
    );
    path(
        s,
        "M88 220Q96 172 150 166Q200 158 250 166Q304 172 312 220Q200 236 88 220Z",
        p.light,
    );
    line(
        s,
        "M140 176L164 206M196 170L220 202M252 174L276 206",
        p.outline,
        6,
    );
}

fn bagel(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r#"<path d="M96 220a104 84 0 1 0 208 0a104 84 0 1 0 -208 0ZM168 214a32 18 0 1 0 64 0a32 18 0 1 0 -64 0Z" fill="{}" fill-rule="evenodd"/>"#,
        p.main
    );
    line(s, "M122 196Q200 150 278 196", p.light, 10);
    for (x, y) in [
        (140, 180),
        (170, 166),
        (236, 168),
        (262, 184),
        (150, 252),
        (250, 250),
        (200, 268),
    ] {
        fell(s, x, y, 5, 3, PAPER);
    }
}

fn apple(s: &mut String, p: &Pal) {
    line(s, "M200 122Q196 96 210 78", DARKWOOD, 7);
    path(
        s,
        "M200 122Q240 96 280 114Q330 150 312 238Q292 320 242 322Q220 318 200 308Q180 318 158 322Q108 320 88 238Q70 150 120 114Q160 96 200 122Z",
        p.main,
    );
    path(s, "M212 96Q246 66 276 84Q250 110 212 96Z", LEAF);
    shine(s, "M122 160Q110 190 116 220");
}

fn banana(s: &mut String, p: &Pal) {
    for (dy, c) in [(-26, p.light), (0, p.main)] {
        let _ = write!(
            s,
            r#"<path transform="translate(0 {dy})" d="M74 170Q96 292 214 300Q300 300 338 230Q312 254 230 256Q120 250 100 160Z" fill="{c}"/>"#
        );
    }
    rect(s, 66, 132, 38, 30, 6, DARKWOOD);
    line(s, "M108 180Q140 254 230 266", p.outline, 3);
}

fn citrus(s: &mut String, p: &Pal) {
    path(s, "M210 108Q246 70 284 92Q252 124 210 108Z", LEAF);
    circ(s, 196, 214, 104, p.main);
    for (x, y) in [
        (150, 170),
        (230, 160),
        (256, 230),
        (176, 270),
        (140, 226),
        (214, 216),
    ] {
        fcirc(s, x, y, 3, p.outline);
    }
    fcirc(s, 200, 112, 6, "#5b7a2e");
    shine(s, "M128 170Q140 138 170 128");
}

fn grapes(s: &mut String, p: &Pal) {
    line(s, "M200 96Q204 72 226 60", DARKWOOD, 7);
    path(s, "M206 92Q252 62 284 94Q244 118 206 92Z", LEAF);
    for (x, y) in [
        (150, 130),
        (200, 126),
        (250, 130),
        (126, 174),
        (176, 172),
        (226, 172),
        (274, 174),
        (150, 216),
        (200, 216),
        (250, 216),
        (174, 258),
        (226, 258),
        (200, 300),
    ] {
        circ(s, x, y, 26, p.main);
        fcirc(s, x - 8, y - 8, 6, p.light);
    }
}

fn strawberry(s: &mut String, p: &Pal) {
    path(
        s,
        "M200 324Q92 250 100 168Q110 120 200 124Q290 120 300 168Q308 250 200 324Z",
        p.main,
    );
    path(
        s,
        "M134 134L160 98L184 124L200 84L216 124L240 98L266 134Q200 156 134 134Z",
        LEAF,
    );
    for (x, y) in [
        (150, 180),
        (200, 170),
        (250, 180),
        (172, 220),
        (228, 220),
        (200, 260),
        (150, 230),
        (250, 230),
        (200, 210),
    ] {
        fell(s, x, y, 4, 6, "#f7e08a");
    }
}

fn carrot(s: &mut String, p: &Pal) {
    for (a, c) in [(-25, LEAF2), (0, LEAF), (25, LEAF2)] {
        let _ = write!(
            s,
            r#"<ellipse cx="250" cy="98" rx="14" ry="44" fill="{c}" transform="rotate({} 254 138)"/>"#,
            a + 40
        );
    }
    path(
        s,
        "M228 128Q282 130 286 176L130 334Q114 344 110 328L216 140Q220 130 228 128Z",
        p.main,
    );
    line(
        s,
        "M222 186L244 196M188 230L210 242M158 274L178 282",
        p.outline,
        4,
    );
}

fn broccoli(s: &mut String, p: &Pal) {
    path(s, "M176 196H224L236 326H164Z", "#9cc98a");
    for (x, y, r) in [
        (140, 170, 44),
        (260, 170, 44),
        (200, 130, 52),
        (168, 200, 38),
        (232, 200, 38),
    ] {
        circ(s, x, y, r, p.main);
    }
    for (x, y) in [(128, 160), (196, 116), (258, 158), (220, 140), (170, 190)] {
        fcirc(s, x, y, 8, p.light);
    }
}

fn pepper(s: &mut String, p: &Pal) {
    path(s, "M196 120Q192 92 214 78L226 86Q206 102 212 120Z", LEAF2);
    path(
        s,
        "M120 150Q150 116 200 128Q250 116 280 150Q312 190 290 270Q270 330 230 322Q210 312 200 320Q190 312 170 322Q130 330 110 270Q88 190 120 150Z",
        p.main,
    );
    line(s, "M200 140Q190 230 200 310", p.outline, 3);
    shine(s, "M132 176Q122 214 134 250");
}

fn steak(s: &mut String, p: &Pal) {
    path(
        s,
        "M84 206Q76 128 168 118Q282 106 322 170Q348 232 290 284Q200 324 122 294Q86 270 84 206Z",
        p.main,
    );
    line(
        s,
        "M120 180Q170 210 160 260M200 150Q230 200 280 210M220 260Q250 250 290 262",
        "#f3d6cf",
        6,
    );
    circ(s, 250, 186, 20, PAPER);
    fcirc(s, 250, 186, 8, "#e9d9c4");
}

fn fish(s: &mut String, p: &Pal) {
    path(s, "M268 206L340 150L328 206L340 262Z", p.outline);
    path(
        s,
        "M60 206Q150 112 278 196Q280 206 278 216Q150 300 60 206Z",
        p.main,
    );
    path(s, "M160 150Q190 120 230 150Z", p.outline);
    fpath(s, "M66 210Q150 250 270 214Q150 290 66 210Z", p.light);
    line(s, "M120 176Q130 206 120 236", p.outline, 4);
    fcirc(s, 96, 196, 9, INK);
    fcirc(s, 93, 193, 3, SHINE);
}

fn crab(s: &mut String, p: &Pal) {
    line(
        s,
        "M130 226L70 250L60 290M140 246L86 284L84 318M270 226L330 250L340 290M260 246L314 284L316 318",
        p.outline,
        9,
    );
    strap(s, "M150 190L112 126M250 190L288 126", 12, p.main);
    path(
        s,
        "M112 126L74 92Q90 70 120 80L116 100Q100 92 96 100L120 118Z",
        p.main,
    );
    path(
        s,
        "M288 126L326 92Q310 70 280 80L284 100Q300 92 304 100L280 118Z",
        p.main,
    );
    ell(s, 200, 222, 92, 62, p.main);
    line(s, "M180 168V144M220 168V144", p.outline, 5);
    circ(s, 180, 140, 9, PAPER);
    circ(s, 220, 140, 9, PAPER);
    fcirc(s, 180, 140, 4, INK);
    fcirc(s, 220, 140, 4, INK);
    shine(s, "M150 200Q176 180 210 180");
}

fn jar(s: &mut String, p: &Pal) {
    rect(s, 126, 136, 148, 194, 30, p.main);
    rect(s, 134, 98, 132, 44, 8, p.accent);
    line(
        s,
        "M150 108V132M172 108V132M194 108V132M216 108V132M238 108V132",
        p.accent_shade,
        3,
    );
    rect(s, 144, 192, 112, 86, 8, PAPER);
    fcirc(s, 200, 235, 20, p.main);
    shine(s, "M142 160V180");
}

fn nuts(s: &mut String, p: &Pal) {
    for (i, (x, y)) in [
        (130, 190),
        (168, 172),
        (206, 166),
        (246, 176),
        (282, 192),
        (150, 154),
        (196, 140),
        (236, 150),
        (176, 120),
    ]
    .into_iter()
    .enumerate()
    {
        let _ = write!(
            s,
            r##"<path d="M{} {}q0 -22 20 -22q20 0 20 22q0 22 -20 22q-20 0 -20 -22z" fill="#d4a46a" transform="rotate({} {x} {y})"/>"##,
            x - 20,
            y,
            (i as i32 * 53) % 140 - 70
        );
    }
    ell(s, 200, 204, 120, 22, p.outline);
    path(
        s,
        "M80 204Q86 300 200 310Q314 300 320 204Q200 232 80 204Z",
        p.main,
    );
    rect(s, 166, 304, 68, 16, 6, p.outline);
}

fn grocerybag(s: &mut String, p: &Pal) {
    let _ = write!(
        s,
        r##"<rect x="96" y="60" width="34" height="140" rx="14" fill="#e3b777" transform="rotate(-18 113 130)"/>"##
    );
    for (x, y, r, c) in [
        (170, 140, 34, LEAF),
        (206, 126, 30, LEAF2),
        (252, 150, 30, "#e64b3c"),
    ] {
        circ(s, x, y, r, c);
    }
    path(s, "M108 150H292L304 330H96Z", KRAFT);
    path(
        s,
        "M108 150L120 170L132 150L144 170L156 150L168 170L180 150L192 170L204 150L216 170L228 150L240 170L252 150L264 170L276 150L288 170L292 150Z",
        "#b48a5c",
    );
    circ(s, 200, 246, 38, p.main);
    path(
        s,
        "M186 236Q200 210 214 236Q214 262 200 262Q186 262 186 236Z",
        p.accent,
    );
}

fn wine(s: &mut String, p: &Pal) {
    path(s, "M252 150H344Q348 226 298 236Q248 226 252 150Z", GLASS);
    fpath(s, "M254 180H342Q338 226 298 234Q258 226 254 180Z", p.main);
    line(s, "M298 236V318", p.outline, 5);
    ell(s, 298, 320, 36, 8, GLASS);
    rect(s, 152, 52, 32, 52, 4, p.accent);
    path(
        s,
        "M152 100H184V142Q220 164 220 204V322Q220 332 210 332H126Q116 332 116 322V204Q116 164 152 142Z",
        p.main,
    );
    rect(s, 126, 212, 84, 76, 4, "#f3ead2");
    line(s, "M140 236H196M146 256H190", p.outline, 4);
    shine(s, "M130 190V200");
}

// ---------------------------------------------------------------------------------------------
// Instruments

fn guitar(s: &mut String, p: &Pal) {
    open(s, "rotate(-16 200 200)");
    rect(s, 180, 26, 40, 52, 8, p.outline);
    for y in [38, 54, 68] {
        fcirc(s, 174, y, 6, METAL);
        fcirc(s, 226, y, 6, METAL);
    }
    rect(s, 188, 70, 24, 140, 3, DARKWOOD);
    path(
        s,
        "M200 176Q252 174 256 214Q258 240 240 252Q294 270 288 322Q280 364 200 364Q120 364 112 322Q106 270 160 252Q142 240 144 214Q148 174 200 176Z",
        p.main,
    );
    circ(s, 200, 256, 26, "#2b1a10");
    rect(s, 176, 314, 48, 12, 3, DARKWOOD);
    line(s, "M194 70V320M200 70V320M206 70V320", "#eeeeee", 1);
    close(s);
}

fn ukulele(s: &mut String, p: &Pal) {
    open(s, "translate(200 250) scale(.8) translate(-200 -250)");
    guitar(s, p);
    close(s);
}

fn violin(s: &mut String, p: &Pal) {
    open(s, "rotate(-18 200 200)");
    strap(s, "M88 348L316 54", 4, DARKWOOD);
    line(s, "M96 354L322 60", "#eeeadf", 3);
    circ(s, 200, 44, 12, p.outline);
    rect(s, 190, 50, 20, 44, 4, p.outline);
    path(
        s,
        "M200 132Q248 132 252 168Q254 190 240 200Q232 210 240 222Q264 238 264 282Q262 338 200 338Q138 338 136 282Q136 238 160 222Q168 210 160 200Q146 190 148 168Q152 132 200 132Z",
        p.main,
    );
    rect(s, 192, 60, 16, 200, 3, INK);
    line(
        s,
        "M170 216Q160 236 172 256M230 216Q240 236 228 256",
        "#2b1a10",
        4,
    );
    rect(s, 182, 264, 36, 8, 2, "#e3d3b8");
    path(s, "M188 292H212L208 330H192Z", INK);
    close(s);
}

fn piano(s: &mut String, p: &Pal) {
    line(s, "M100 300V330M300 300V330", p.outline, 12);
    rect(s, 78, 84, 244, 220, 8, p.main);
    rect(s, 70, 76, 260, 22, 6, p.outline);
    rect(s, 150, 110, 100, 56, 4, p.light);
    rect(s, 70, 190, 260, 24, 4, p.outline);
    rect(s, 84, 212, 232, 46, 2, "#fafaf6");
    let mut d = String::with_capacity(300);
    for i in 0..15 {
        if i % 7 != 2 && i % 7 != 6 {
            let _ = write!(d, "M{} 212h10v28h-10z", 94 + i * 15);
        }
    }
    fpath(s, &d, INK);
    line(
        s,
        "M115 242V258M130 242V258M145 242V258M160 242V258M175 242V258M190 242V258M205 242V258M220 242V258M235 242V258M250 242V258M265 242V258M280 242V258M295 242V258",
        "#b9b9b2",
        2,
    );
    fcirc(s, 112, 120, 10, p.accent);
}

fn synth(s: &mut String, p: &Pal) {
    line(
        s,
        "M120 262L170 330M170 262L120 330M230 262L280 330M280 262L230 330",
        INK,
        8,
    );
    rect(s, 36, 160, 328, 104, 14, p.main);
    for x in [70, 110, 150] {
        circ(s, x, 186, 10, p.accent);
    }
    rect(s, 200, 176, 120, 20, 4, SCREEN);
    rect(s, 50, 206, 300, 48, 3, "#fafaf6");
    let mut d = String::with_capacity(400);
    for i in 0..20 {
        let _ = write!(d, "M{} 206v48", 50 + i * 15);
    }
    line(s, &d, "#b9b9b2", 2);
    let mut b = String::with_capacity(400);
    for i in 0..19 {
        if i % 7 != 2 && i % 7 != 6 {
            let _ = write!(b, "M{} 206h9v28h-9z", 60 + i * 15);
        }
    }
    fpath(s, &b, INK);
}

fn drum(s: &mut String, p: &Pal) {
    line(s, "M118 62L226 150M282 62L174 150", WOOD, 9);
    fcirc(s, 118, 62, 7, WOOD);
    fcirc(s, 282, 62, 7, WOOD);
    path(s, "M96 178V292A104 32 0 0 0 304 292V178Z", p.main);
    line(
        s,
        "M96 196A104 32 0 0 0 304 196M96 276A104 32 0 0 0 304 276",
        METAL,
        8,
    );
    line(
        s,
        "M130 206V290M170 212V300M230 212V300M270 206V290",
        METAL,
        4,
    );
    ell(s, 200, 178, 104, 32, "#f6f2e4");
}

fn flute(s: &mut String, p: &Pal) {
    open(s, "rotate(-28 200 210)");
    rect(s, 30, 198, 340, 24, 12, p.main);
    line(s, "M110 198V222M250 198V222", p.outline, 3);
    ell(s, 70, 210, 12, 7, p.outline);
    for x in [150, 180, 210, 280, 310, 340] {
        circ(s, x, 210, 8, p.light);
    }
    close(s);
}

fn trumpet(s: &mut String, p: &Pal) {
    strap(
        s,
        "M120 200V246Q120 266 140 266H238Q256 266 256 246V206",
        14,
        p.main,
    );
    rect(s, 64, 190, 200, 18, 6, p.main);
    rect(s, 40, 186, 28, 26, 6, p.outline);
    path(s, "M256 188Q308 180 344 120V278Q308 218 256 210Z", p.main);
    ell(s, 344, 199, 12, 79, p.light);
    for x in [150, 178, 206] {
        rect(s, x, 142, 18, 50, 3, p.main);
        rect(s, x - 4, 128, 26, 16, 6, p.outline);
    }
    shine(s, "M276 190Q312 178 332 148");
}

fn saxophone(s: &mut String, p: &Pal) {
    strap(s, "M176 92V262Q176 322 228 318Q266 312 270 260", 34, p.main);
    path(s, "M250 262Q246 220 264 196H318Q316 236 292 264Z", p.main);
    ell(s, 291, 196, 28, 8, p.outline);
    strap(s, "M176 94Q176 64 144 60", 14, p.main);
    rect(s, 112, 52, 34, 16, 6, INK);
    for y in [130, 162, 194, 226, 258] {
        circ(s, 176, y, 9, p.light);
    }
}

// ---------------------------------------------------------------------------------------------
// Tools

fn hammer(s: &mut String, p: &Pal) {
    open(s, "rotate(28 200 210)");
    rect(s, 188, 120, 24, 120, 6, WOOD);
    rect(s, 184, 230, 32, 108, 12, p.main);
    line(s, "M190 256H210M190 280H210M190 304H210", p.outline, 3);
    path(
        s,
        "M122 90H272V138H122Q96 138 76 160L66 150Q84 112 122 106Z",
        STEEL,
    );
    rect(s, 270, 82, 26, 64, 4, STEEL);
    close(s);
}

fn drill(s: &mut String, p: &Pal) {
    path(s, "M332 142L388 148V156L332 162Z", METAL);
    rect(s, 298, 126, 38, 52, 6, INK);
    path(s, "M148 186H214L226 288H160Z", p.outline);
    rect(s, 80, 98, 228, 96, 36, p.main);
    line(s, "M110 126V166M124 126V166M138 126V166", p.outline, 4);
    rect(s, 200, 192, 14, 26, 4, INK);
    rect(s, 130, 284, 120, 46, 10, INK);
    frect(s, 140, 294, 100, 8, 3, p.accent);
}

fn wrench(s: &mut String, p: &Pal) {
    open(s, "rotate(-38 200 210)");
    path(s, "M96 198H300V222H96Z", p.main);
    path(
        s,
        "M292 180L302 166Q332 156 354 176L330 192L330 228L354 244Q332 264 302 254L292 240Z",
        p.main,
    );
    circ(s, 82, 210, 38, p.main);
    path(s, "M82 192L98 201V219L82 228L66 219V201Z", p.outline);
    line(s, "M130 210H270", p.light, 4);
    close(s);
}

fn saw(s: &mut String, p: &Pal) {
    let mut teeth = String::from("M50 238");
    let mut x = 50;
    while x < 270 {
        let _ = write!(teeth, "L{} 252L{} 238", x + 6, x + 12);
        x += 12;
    }
    teeth.push_str("L270 150L60 214Z");
    path(s, &teeth, METAL);
    fcirc(s, 88, 220, 6, STEEL);
    let _ = write!(
        s,
        r#"<path d="M262 130H330Q350 130 350 150V230Q350 256 324 256H262ZM284 160V220H322V160Z" fill="{}" fill-rule="evenodd"/>"#,
        p.main
    );
}

fn screwdriver(s: &mut String, p: &Pal) {
    open(s, "rotate(-36 200 210)");
    rect(s, 194, 60, 12, 150, 2, METAL);
    path(s, "M194 60L200 42L206 60Z", STEEL);
    rect(s, 186, 200, 28, 18, 3, STEEL);
    rect(s, 172, 214, 56, 124, 24, p.main);
    line(s, "M188 236V316M200 236V316M212 236V316", p.outline, 4);
    close(s);
}

fn toolbox(s: &mut String, p: &Pal) {
    strap(s, "M150 140V108H250V140", 12, INK);
    line(s, "M170 140L186 86M232 140L246 100", STEEL, 8);
    rect(s, 64, 170, 272, 156, 10, p.main);
    path(s, "M76 138H324L336 176H64Z", p.outline);
    rect(s, 118, 184, 24, 30, 4, METAL);
    rect(s, 258, 184, 24, 30, 4, METAL);
    frect(s, 66, 250, 268, 14, 0, p.accent);
}

fn pliers(s: &mut String, p: &Pal) {
    strap(s, "M196 196L144 330", 18, p.main);
    strap(s, "M204 196L256 330", 18, p.accent);
    path(s, "M194 200L170 70L186 66L212 184Z", STEEL);
    path(s, "M206 200L230 70L214 66L188 184Z", METAL);
    circ(s, 200, 190, 14, STEEL);
    fcirc(s, 200, 190, 5, INK);
}

fn level(s: &mut String, p: &Pal) {
    rect(s, 34, 172, 332, 72, 10, p.main);
    line(s, "M34 190H366", p.light, 4);
    rect(s, 168, 186, 64, 40, 10, INK);
    rect(s, 176, 194, 48, 24, 8, "#cdf07a");
    fell(s, 206, 206, 10, 7, SHINE);
    line(s, "M190 194V218M210 194V218", INK, 2);
    ell(s, 90, 208, 24, 14, p.outline);
    ell(s, 310, 208, 24, 14, p.outline);
}

fn axe(s: &mut String, p: &Pal) {
    strap(s, "M150 336Q176 220 226 84", 18, WOOD);
    path(s, "M206 76L292 46Q338 104 306 170L226 128Z", p.main);
    fpath(s, "M292 46Q338 104 306 170L296 164Q322 108 284 56Z", METAL);
    rect(s, 142, 300, 26, 40, 6, p.outline);
}

// ---------------------------------------------------------------------------------------------
// Food service and snacks

fn hotcup(s: &mut String, p: &Pal) {
    steam(s, p, 180, 70);
    path(s, "M134 120H266L246 330H154Z", p.main);
    path(s, "M138 176H262L255 250H145Z", KRAFT);
    fcirc(s, 200, 213, 16, p.accent);
    rect(s, 124, 98, 152, 26, 8, "#f4f1ea");
    path(s, "M148 98L158 78H242L252 98Z", "#f4f1ea");
}

fn drinkcup(s: &mut String, p: &Pal) {
    strap(s, "M212 104L244 36L272 40", 8, p.accent);
    path(s, "M130 128H270L250 330H150Z", p.main);
    frect(s, 136, 190, 128, 24, 0, "#fbf8ef");
    fcirc(s, 200, 262, 22, p.accent);
    path(s, "M122 128Q200 62 278 128Z", GLASS);
    rect(s, 118, 122, 164, 14, 6, GLASS);
    for (x, y) in [(166, 240), (232, 290), (176, 300)] {
        fcirc(s, x, y, 5, p.light);
    }
}

fn pizza(s: &mut String, p: &Pal) {
    path(s, "M200 334L86 112Q200 70 314 112Z", "#f4c542");
    strap(s, "M84 114Q200 66 316 114", 22, "#d08a3c");
    for (x, y) in [(160, 150), (236, 150), (200, 204), (184, 262), (228, 232)] {
        circ(s, x, y, 18, "#b83a2a");
    }
    for (x, y) in [(130, 180), (264, 188), (204, 292)] {
        fell(s, x, y, 6, 10, LEAF2);
    }
    fpath(s, "M150 200Q146 236 156 250Q166 236 160 204Z", "#f7d86c");
    let _ = p;
}

fn nachos(s: &mut String, p: &Pal) {
    ell(s, 200, 272, 150, 46, p.main);
    ell(s, 200, 264, 130, 34, p.light);
    for (x, y, a) in [
        (120, 220, -20),
        (170, 196, 10),
        (232, 200, -30),
        (280, 226, 20),
        (150, 246, 40),
        (206, 236, -10),
        (256, 252, 60),
        (196, 170, 0),
    ] {
        let _ = write!(
            s,
            r##"<path d="M{} {}l30 -60l30 60z" fill="#f0c048" transform="rotate({a} {x} {y})"/>"##,
            x - 30,
            y + 20
        );
    }
    fpath(
        s,
        "M130 214Q160 196 200 212Q250 190 276 218Q262 236 240 224Q224 244 200 230Q176 246 160 228Q140 238 130 214Z",
        "#f3a712",
    );
    for (x, y) in [(170, 220), (226, 216), (252, 232)] {
        let _ = write!(
            s,
            r#"<circle cx="{x}" cy="{y}" r="7" fill="none" stroke="{LEAF2}" stroke-width="4"/>"#
        );
    }
    for (x, y) in [(150, 232), (204, 202), (274, 238)] {
        fcirc(s, x, y, 7, "#d7263d");
    }
}

fn snackbag(s: &mut String, p: &Pal) {
    path(
        s,
        "M112 92H288L296 116Q314 212 296 306L288 330H112L104 306Q86 212 104 116Z",
        p.main,
    );
    path(s, "M110 84H290L296 116H104Z", p.outline);
    path(s, "M104 306H296L290 338H110Z", p.outline);
    line(
        s,
        "M114 92V112M134 92V112M154 92V112M174 92V112M194 92V112M214 92V112M234 92V112M254 92V112M274 92V112",
        p.detail,
        2,
    );
    ell(s, 200, 214, 68, 56, p.accent);
    for (x, y, a) in [(178, 206, -20), (214, 196, 30), (204, 236, 10)] {
        let _ = write!(
            s,
            r##"<ellipse cx="{x}" cy="{y}" rx="24" ry="16" fill="#f7d26b" transform="rotate({a} {x} {y})"/>"##
        );
    }
    shine(s, "M122 130Q112 212 122 290");
}

fn sandwich(s: &mut String, p: &Pal) {
    rect(s, 64, 262, 272, 50, 22, "#e3b06a");
    path(
        s,
        "M58 252Q80 236 100 252Q120 236 140 252Q160 236 180 252Q200 236 220 252Q240 236 260 252Q280 236 300 252Q320 236 342 252L336 270H64Z",
        LEAF,
    );
    rect(s, 72, 232, 256, 18, 6, "#d7263d");
    path(
        s,
        "M66 218H334V232L300 232L286 250L272 232H160L146 252L132 232H66Z",
        "#f5c542",
    );
    path(s, "M60 218Q56 150 130 142H270Q344 150 340 218Z", p.main);
    for (x, y) in [
        (130, 168),
        (170, 156),
        (214, 160),
        (258, 168),
        (290, 184),
        (110, 190),
    ] {
        fell(s, x, y, 6, 3, PAPER);
    }
}

// ---------------------------------------------------------------------------------------------
// Fallbacks

fn giftbox(s: &mut String, p: &Pal) {
    path(
        s,
        "M200 140Q150 70 124 96Q106 124 200 140ZM200 140Q250 70 276 96Q294 124 200 140Z",
        p.accent,
    );
    rect(s, 102, 172, 196, 152, 6, p.main);
    rect(s, 90, 140, 220, 42, 6, p.light);
    frect(s, 186, 142, 28, 180, 0, p.accent);
    line(s, "M186 142V322M214 142V322", p.accent_shade, 2);
    circ(s, 200, 140, 12, p.accent_shade);
}

fn tag(s: &mut String, p: &Pal) {
    line(s, "M290 200Q340 150 320 90", "#8d9196", 3);
    path(
        s,
        "M110 120H252L324 200L252 280H110Q88 280 88 258V142Q88 120 110 120Z",
        p.main,
    );
    circ(s, 272, 200, 14, PAPER);
    line(s, "M120 170H220M120 200H200M120 230H230", p.light, 8);
}

// ---------------------------------------------------------------------------------------------

/// Kinds of things that a product name may choose between within one style.
const FAMILIES: &[&[&str]] = &[
    &[
        "tshirt", "shirt", "sweater", "hoodie", "jacket", "dress", "skirt", "pants", "shorts",
        "tie",
    ],
    &["sneaker", "boot", "sandal", "heel", "loafer", "socks"],
    &["backpack", "handbag", "tote", "wallet"],
    &["hat", "cap", "beanie", "scarf"],
    &["glasses", "sunglasses"],
    &["watch", "smartwatch", "bracelet"],
    &[
        "necklace",
        "ring",
        "earrings",
        "bracelet",
        "brooch",
        "cufflinks",
    ],
    &[
        "lipstick",
        "perfume",
        "bottle",
        "dropper",
        "tube",
        "nailpolish",
        "compact",
        "brush",
        "razor",
        "soap",
    ],
    &["headphones", "earbuds", "speaker", "microphone"],
    &[
        "monitor", "laptop", "tv", "tablet", "phone", "keyboard", "gamepad", "camera",
    ],
    &["lamp", "lantern", "candle", "lights"],
    &[
        "chair",
        "sofa",
        "table",
        "desk",
        "stool",
        "bed",
        "bookshelf",
        "dresser",
        "mirror",
    ],
    &[
        "mug",
        "cup",
        "teapot",
        "kettle",
        "pan",
        "pot",
        "plate",
        "meal",
        "bowl",
        "salad",
        "knife",
        "cuttingboard",
        "blender",
        "wineglass",
        "jar",
    ],
    &[
        "bouquet",
        "rose",
        "tulip",
        "orchid",
        "succulent",
        "plant",
        "flower",
        "vase",
    ],
    &[
        "vase", "frame", "mirror", "clock", "basket", "rug", "pillow", "candle",
    ],
    &["guitar", "ukulele", "violin"],
    &["piano", "synth"],
    &["flute", "trumpet", "saxophone"],
    &[
        "hammer",
        "drill",
        "wrench",
        "saw",
        "screwdriver",
        "toolbox",
        "pliers",
        "level",
        "axe",
        "knife",
    ],
    &[
        "apple",
        "banana",
        "citrus",
        "grapes",
        "strawberry",
        "carrot",
        "broccoli",
        "pepper",
    ],
    &["bread", "bagel", "cupcake", "cookie", "sandwich"],
    &["fish", "crab", "steak"],
    &["cheese", "milk"],
    &[
        "tent",
        "sleepingbag",
        "lantern",
        "compass",
        "waterbottle",
        "mug",
        "backpack",
        "stove",
        "cooler",
        "hammock",
        "kayak",
        "bike",
        "fishing",
    ],
    &["hotcup", "drinkcup"],
    &["pizza", "nachos", "sandwich", "meal", "salad"],
    &["snackbag", "nuts"],
];

/// Whether `a` and `b` are the same kind of thing (or the same thing).
pub(super) fn same_family(a: &str, b: &str) -> bool {
    a == b || FAMILIES.iter().any(|f| f.contains(&a) && f.contains(&b))
}

trait ParseCol {
    fn parse_col(self) -> super::Col;
}
impl ParseCol for &str {
    fn parse_col(self) -> super::Col {
        super::Col::hex(self)
    }
}

macro_rules! shapes {
    ($($name:literal => $f:ident, $shadow:expr, $ground:expr, $natural:expr;)*) => {
        /// Every shape this library draws.
        #[cfg(test)]
        pub(super) const NAMES: &[&str] = &[$($name),*];

        /// The drawing named `name`, if there is one.
        pub(super) fn lookup(name: &str) -> Option<Def> {
            match name {
                $($name => Some(Def { draw: $f, shadow: $shadow, ground: $ground, natural: $natural }),)*
                _ => None,
            }
        }
    };
}

const N: Option<&str> = None;

/// Drawn when nothing else fits.
pub(super) const FALLBACK: Def = Def {
    draw: giftbox,
    shadow: 120,
    ground: 326,
    natural: None,
};

shapes! {
    "tshirt" => tshirt, 110, 330, N;
    "shirt" => shirt, 130, 334, N;
    "jacket" => jacket, 140, 338, N;
    "hoodie" => hoodie, 130, 338, N;
    "sweater" => sweater, 130, 338, N;
    "dress" => dress, 110, 332, N;
    "skirt" => skirt, 110, 322, N;
    "pants" => pants, 100, 338, N;
    "shorts" => shorts, 110, 298, N;
    "socks" => socks, 110, 336, N;
    "scarf" => scarf, 100, 326, N;
    "hat" => hat, 150, 300, N;
    "cap" => cap, 130, 276, N;
    "beanie" => beanie, 100, 290, N;
    "tie" => tie, 60, 342, N;
    "sneaker" => sneaker, 150, 316, N;
    "boot" => boot, 130, 330, N;
    "sandal" => sandal, 150, 306, N;
    "heel" => heel, 140, 324, N;
    "loafer" => loafer, 150, 322, N;
    "backpack" => backpack, 90, 332, N;
    "handbag" => handbag, 130, 334, N;
    "tote" => tote, 110, 332, N;
    "wallet" => wallet, 120, 300, N;
    "sunglasses" => sunglasses, 150, 290, N;
    "glasses" => glasses, 150, 290, N;
    "belt" => belt, 160, 270, N;
    "umbrella" => umbrella, 130, 340, N;
    "watch" => watch, 80, 350, N;
    "smartwatch" => smartwatch, 80, 350, N;
    "necklace" => necklace, 120, 346, N;
    "ring" => ring, 100, 330, Some("#d4af37");
    "earrings" => earrings, 110, 290, N;
    "bracelet" => bracelet, 130, 300, N;
    "brooch" => brooch, 100, 310, N;
    "cufflinks" => cufflinks, 130, 296, Some("#d4af37");
    "lipstick" => lipstick, 110, 332, Some("#c62828");
    "perfume" => perfume, 100, 334, N;
    "bottle" => bottle, 90, 334, N;
    "dropper" => dropper, 80, 334, Some("#c77d2a");
    "tube" => tube, 80, 334, N;
    "nailpolish" => nailpolish, 90, 334, N;
    "compact" => compact, 140, 320, N;
    "brush" => brush, 90, 330, N;
    "razor" => razor, 80, 336, N;
    "soap" => soap, 120, 308, N;
    "headphones" => headphones, 130, 310, N;
    "earbuds" => earbuds, 100, 314, N;
    "speaker" => speaker, 140, 330, N;
    "camera" => camera, 130, 318, N;
    "laptop" => laptop, 160, 298, N;
    "phone" => phone, 80, 342, N;
    "tablet" => tablet, 120, 336, N;
    "tv" => tv, 150, 322, N;
    "monitor" => monitor, 120, 326, N;
    "keyboard" => keyboard, 170, 298, N;
    "cable" => cable, 130, 340, N;
    "gamepad" => gamepad, 150, 318, N;
    "microphone" => microphone, 90, 330, N;
    "tent" => tent, 160, 316, N;
    "sleepingbag" => sleepingbag, 140, 312, N;
    "lantern" => lantern, 80, 324, N;
    "kayak" => kayak, 170, 300, N;
    "bike" => bike, 160, 318, N;
    "fishing" => fishing, 140, 340, N;
    "stove" => stove, 120, 330, N;
    "cooler" => cooler, 140, 328, N;
    "hammock" => hammock, 150, 334, N;
    "compass" => compass, 110, 330, Some("#b8733d");
    "waterbottle" => waterbottle, 70, 334, N;
    "bone" => bone, 130, 310, Some("#f3ead2");
    "mug" => mug, 120, 326, N;
    "cup" => cup, 140, 310, N;
    "teapot" => teapot, 140, 314, N;
    "kettle" => kettle, 120, 330, N;
    "pan" => pan, 170, 318, Some("#3b3f45");
    "pot" => pot, 140, 324, N;
    "plate" => plate, 160, 344, N;
    "meal" => meal, 160, 344, Some("#f4f4f1");
    "bowl" => bowl, 130, 322, N;
    "salad" => salad, 130, 322, N;
    "knife" => knife, 140, 320, N;
    "cuttingboard" => cuttingboard, 140, 326, Some("#b58a57");
    "blender" => blender, 90, 332, N;
    "wineglass" => wineglass, 70, 320, Some("#7b1e3a");
    "vase" => vase, 100, 328, N;
    "candle" => candle, 80, 328, N;
    "lamp" => lamp, 90, 326, N;
    "frame" => frame, 130, 340, N;
    "rug" => rug, 160, 320, N;
    "mirror" => mirror, 90, 330, N;
    "pillow" => pillow, 140, 318, N;
    "clock" => clock, 120, 334, N;
    "basket" => basket, 120, 326, Some("#c8a27a");
    "chair" => chair, 120, 332, N;
    "sofa" => sofa, 160, 324, N;
    "table" => table, 150, 332, Some("#a8743f");
    "bed" => bed, 160, 316, N;
    "bookshelf" => bookshelf, 120, 336, Some("#8a5a3b");
    "desk" => desk, 160, 326, Some("#a8743f");
    "dresser" => dresser, 130, 332, N;
    "stool" => stool, 100, 332, N;
    "ornament" => ornament, 100, 334, N;
    "wreath" => wreath, 130, 346, N;
    "lights" => lights, 160, 340, N;
    "stocking" => stocking, 100, 330, Some("#c62828");
    "pumpkin" => pumpkin, 150, 326, Some("#ef7d22");
    "garland" => garland, 160, 340, N;
    "heart" => heart, 120, 330, Some("#d7263d");
    "egg" => egg, 110, 330, N;
    "mask" => mask, 130, 334, N;
    "tree" => tree, 120, 324, Some("#2e7d4f");
    "candycane" => candycane, 110, 340, Some("#c62828");
    "cookie" => cookie, 120, 328, Some("#c98b4e");
    "cupcake" => cupcake, 100, 328, Some("#f48fb1");
    "candy" => candy, 130, 300, N;
    "chocolate" => chocolate, 120, 340, N;
    "star" => star, 120, 330, Some("#f2c14e");
    "bouquet" => bouquet, 70, 326, N;
    "rose" => rose, 70, 334, Some("#c62828");
    "tulip" => tulip, 90, 336, N;
    "orchid" => orchid, 90, 336, N;
    "succulent" => succulent, 90, 332, N;
    "plant" => plant, 90, 332, N;
    "flower" => flower, 80, 334, Some("#f5d02e");
    "book" => book, 110, 330, N;
    "coffee" => coffee, 120, 334, Some("#7b4a2d");
    "tea" => tea, 100, 326, N;
    "pasta" => pasta, 90, 332, N;
    "oliveoil" => oliveoil, 80, 332, Some("#6f8f3a");
    "honey" => honey, 100, 328, Some("#f0a202");
    "cheese" => cheese, 150, 312, Some("#f2c84b");
    "milk" => milk, 90, 332, N;
    "bread" => bread, 150, 320, Some("#d39a5a");
    "bagel" => bagel, 120, 296, Some("#d39a5a");
    "apple" => apple, 120, 324, Some("#c62828");
    "banana" => banana, 140, 306, Some("#f5d02e");
    "citrus" => citrus, 110, 322, Some("#ef7d22");
    "grapes" => grapes, 100, 330, Some("#7d3c98");
    "strawberry" => strawberry, 100, 326, Some("#d7263d");
    "carrot" => carrot, 110, 334, Some("#ef7d22");
    "broccoli" => broccoli, 100, 328, Some("#2e8b57");
    "pepper" => pepper, 110, 324, Some("#c62828");
    "steak" => steak, 150, 310, Some("#b0303a");
    "fish" => fish, 150, 290, Some("#6b8fb3");
    "crab" => crab, 140, 318, Some("#d9482b");
    "jar" => jar, 90, 332, N;
    "nuts" => nuts, 120, 320, N;
    "grocerybag" => grocerybag, 120, 332, N;
    "wine" => wine, 130, 334, Some("#5a1f33");
    "guitar" => guitar, 110, 354, Some("#c98a4b");
    "ukulele" => ukulele, 90, 340, Some("#d9a066");
    "violin" => violin, 90, 340, Some("#9c4a1e");
    "piano" => piano, 140, 330, Some("#222222");
    "synth" => synth, 150, 330, N;
    "drum" => drum, 120, 326, N;
    "flute" => flute, 150, 320, Some("#c0c4c8");
    "trumpet" => trumpet, 150, 300, Some("#d4af37");
    "saxophone" => saxophone, 100, 330, Some("#d4af37");
    "hammer" => hammer, 130, 330, N;
    "drill" => drill, 140, 332, N;
    "wrench" => wrench, 140, 320, Some("#9aa1a9");
    "saw" => saw, 150, 280, N;
    "screwdriver" => screwdriver, 120, 320, N;
    "toolbox" => toolbox, 150, 328, N;
    "pliers" => pliers, 100, 336, N;
    "level" => level, 170, 266, Some("#f5d02e");
    "axe" => axe, 120, 342, N;
    "hotcup" => hotcup, 80, 332, N;
    "drinkcup" => drinkcup, 90, 332, N;
    "pizza" => pizza, 120, 336, N;
    "nachos" => nachos, 150, 316, N;
    "snackbag" => snackbag, 110, 340, N;
    "sandwich" => sandwich, 150, 322, Some("#d9a066");
    "giftbox" => giftbox, 120, 326, N;
    "tag" => tag, 130, 300, N;
}
