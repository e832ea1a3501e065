// Seal pictures: glyph cells inside the ring and apart for every shape and
// text length, SVG without <text>, PNG that decodes and matches the committed
// reference images, the same bytes twice, and a refusal per rule.
#include <gtest/gtest.h>

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "eseal/errors.h"
#include "eseal/picture.h"
#include "make/picture.h"
}

namespace {

const char *kOrg = "北京市海淀区某某科技发展有限责任公司中关村分公司第一营业部研发中心总部";

// The first n characters of a run of CJK characters (each 3 bytes in UTF-8).
std::string cjk(const char *s, size_t n) {
  std::string all(s);
  while (all.size() < n * 3)
    all += s;
  return all.substr(0, n * 3);
}

std::string last_message() {
  const eseal_error *e = eseal_error_last();
  return e ? e->message : "";
}

struct Pt {
  double x, y;
};
using Poly = std::vector<Pt>;

// Separating-axis test written apart from the library's: true when the convex polygons overlap.
bool overlap(const Poly &a, const Poly &b) {
  for (const Poly *p : {&a, &b}) {
    for (size_t i = 0; i < p->size(); i++) {
      Pt e0 = (*p)[i], e1 = (*p)[(i + 1) % p->size()];
      double nx = e0.y - e1.y, ny = e1.x - e0.x;
      double amin = 1e300, amax = -1e300, bmin = 1e300, bmax = -1e300;
      for (Pt q : a) {
        amin = std::min(amin, q.x * nx + q.y * ny);
        amax = std::max(amax, q.x * nx + q.y * ny);
      }
      for (Pt q : b) {
        bmin = std::min(bmin, q.x * nx + q.y * ny);
        bmax = std::max(bmax, q.x * nx + q.y * ny);
      }
      if (amax <= bmin || bmax <= amin)
        return false;
    }
  }
  return true;
}

// Inside a convex polygon given in either winding, with a small tolerance.
bool in_poly(const Poly &p, Pt q) {
  int pos = 0, neg = 0;
  for (size_t i = 0; i < p.size(); i++) {
    Pt a = p[i], b = p[(i + 1) % p.size()];
    double len = std::hypot(b.x - a.x, b.y - a.y);
    double cross = ((b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x)) / len;
    if (cross > 1e-6)
      pos++;
    if (cross < -1e-6)
      neg++;
  }
  return pos == 0 || neg == 0;
}

bool in_bound(const eseal__pic_bound &b, Pt q) {
  double dx = q.x - b.cx, dy = q.y - b.cy;
  if (b.ellipse)
    return (dx / b.rx) * (dx / b.rx) + (dy / b.ry) * (dy / b.ry) <= 1.0;
  return std::fabs(dx) <= b.rx && std::fabs(dy) <= b.ry;
}

Poly cell_of(const eseal__pic_item &it) {
  Poly p;
  for (auto &c : it.cell)
    p.push_back({c[0], c[1]});
  return p;
}

// Every problem of a laid-out picture, empty when none: a glyph cell crossing
// the ring, another cell or the star, or an outline point outside its cell.
std::vector<std::string> problems(const eseal__picture &p) {
  std::vector<std::string> out;
  std::vector<Poly> cells;
  Poly star;
  for (size_t i = 0; i < p.nitems; i++) {
    const eseal__pic_item &it = p.items[i];
    if (it.role == ESEAL__PIC_STAR) {
      // The outer points (every other one) make the convex pentagon holding the star.
      for (size_t k = it.first; k < it.first + it.count; k += 2)
        if (p.cmds[k].op != ESEAL__PIC_CLOSE)
          star.push_back({p.cmds[k].x[0], p.cmds[k].y[0]});
      continue;
    }
    if (it.role == ESEAL__PIC_RING)
      continue;
    Poly c = cell_of(it);
    for (Pt q : c)
      if (!in_bound(p.inside, q))
        out.push_back("glyph " + std::to_string(i) + " crosses the ring");
    for (size_t k = it.first; k < it.first + it.count; k++) {
      const eseal__pic_cmd &cmd = p.cmds[k];
      int n = cmd.op == ESEAL__PIC_CUBIC ? 3 : cmd.op == ESEAL__PIC_CLOSE ? 0 : 1;
      for (int j = 0; j < n; j++)
        if (!in_poly(c, {cmd.x[j], cmd.y[j]})) {
          out.push_back("glyph " + std::to_string(i) + " has an outline point outside its cell");
          j = n;
          k = it.first + it.count;
        }
    }
    if (!star.empty() && overlap(c, star))
      out.push_back("glyph " + std::to_string(i) + " crosses the star");
    for (size_t j = 0; j < cells.size(); j++)
      if (overlap(c, cells[j]))
        out.push_back("glyph " + std::to_string(i) + " crosses another glyph");
    cells.push_back(c);
  }
  return out;
}

size_t count_role(const eseal__picture &p, eseal__pic_role role) {
  size_t n = 0;
  for (size_t i = 0; i < p.nitems; i++)
    n += p.items[i].role == role;
  return n;
}

// Lays out `o`; the layout's code, and the picture in `p` (freed by the caller).
int layout(eseal__picture *p, const eseal_picture_options &o) {
  eseal__pic_init(p);
  return eseal__picture_layout(p, &o, 0);
}

void expect_clean(const eseal_picture_options &o, size_t org, size_t name, size_t code,
                  size_t tax, const std::string &what) {
  eseal__picture p;
  ASSERT_EQ(layout(&p, o), 0) << what << ": " << last_message();
  EXPECT_EQ(problems(p), std::vector<std::string>()) << what;
  EXPECT_EQ(count_role(p, ESEAL__PIC_ORGANISATION), org) << what;
  EXPECT_EQ(count_role(p, ESEAL__PIC_NAME), name) << what;
  EXPECT_EQ(count_role(p, ESEAL__PIC_CODE), code) << what;
  EXPECT_EQ(count_role(p, ESEAL__PIC_TAXPAYER), tax) << what;
  eseal__pic_free(&p);
}

TEST(PictureGeometry, RoundSealsEveryOrganisationLength) {
  for (unsigned d : {42u, 40u, 38u})
    for (size_t n = 2; n <= 40; n++) {
      std::string org = cjk(kOrg, n);
      eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
      o.diameter_mm = d;
      o.organisation = org.c_str();
      o.name = "合同专用章";
      o.code = "1101080012345";
      expect_clean(o, n, 5, 13, 0, std::to_string(d) + " mm, " + std::to_string(n) + " characters");
    }
}

TEST(PictureGeometry, RoundSealNamesUpToTwentyCharacters) {
  for (size_t n = 1; n <= 20; n++) {
    std::string name = cjk("财务专用章合同", n);
    eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
    o.organisation = "某某科技有限公司";
    o.name = name.c_str();
    o.code = "1101080012345";
    expect_clean(o, 8, n, 13, 0, std::to_string(n) + " characters of seal name");
  }
}

TEST(PictureGeometry, InvoiceOvalsEveryOrganisationLength) {
  for (size_t n = 2; n <= 40; n++) {
    std::string org = cjk(kOrg, n);
    eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
    o.shape = ESEAL_PICTURE_OVAL;
    o.organisation = org.c_str();
    o.taxpayer_id = n % 2 ? "91110108MA01ABCD2X" : "110108123456789";
    expect_clean(o, n, 5, 0, n % 2 ? 18 : 15, std::to_string(n) + " characters");
  }
}

TEST(PictureGeometry, PersonalShapesEveryNameLength) {
  for (size_t n = 1; n <= 8; n++) {
    std::string name = cjk("张三丰李四王五赵六", n);
    for (auto shape : {ESEAL_PICTURE_OVAL, ESEAL_PICTURE_RECTANGLE}) {
      eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
      o.shape = shape;
      o.name = name.c_str();
      expect_clean(o, 0, n, 0, 0, std::to_string(n) + " characters, shape " + std::to_string(shape));
    }
  }
  for (size_t n = 1; n <= 4; n++) {
    std::string name = cjk("欧阳明月", n);
    eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
    o.shape = ESEAL_PICTURE_SQUARE;
    o.name = name.c_str();
    // A 3-character name is drawn with 印 as its fourth.
    expect_clean(o, 0, n == 3 ? 4 : n, 0, 0, std::to_string(n) + " characters, square");
  }
}

TEST(PictureGeometry, RectangleShowsOrganisationNameAndCode) {
  for (size_t n = 2; n <= 16; n++) {
    std::string org = cjk(kOrg, n);
    eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
    o.shape = ESEAL_PICTURE_RECTANGLE;
    o.width_mm = 50;
    o.height_mm = 20;
    o.organisation = org.c_str();
    o.name = "合同专用章";
    o.code = "1101080012345";
    expect_clean(o, n, 5, 13, 0, std::to_string(n) + " characters");
  }
}

// The checker itself: a glyph moved onto the ring, or onto its neighbour, is caught.
TEST(PictureGeometry, CheckerCatchesAMovedGlyph) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "某某科技有限公司";
  o.name = "合同专用章";
  eseal__picture p;
  ASSERT_EQ(layout(&p, o), 0);
  ASSERT_TRUE(problems(p).empty());
  size_t first = 0;
  while (p.items[first].role != ESEAL__PIC_ORGANISATION)
    first++;
  eseal__pic_item saved = p.items[first];
  for (auto &c : p.items[first].cell)
    c[1] -= 3; // towards and over the ring
  EXPECT_FALSE(problems(p).empty());
  p.items[first] = saved;
  // The second glyph's cell over the first's.
  eseal__pic_item second = p.items[first + 1];
  memcpy(p.items[first + 1].cell, p.items[first].cell, sizeof saved.cell);
  auto found = problems(p);
  EXPECT_NE(std::find_if(found.begin(), found.end(),
                         [](const std::string &s) { return s.find("another glyph") != s.npos; }),
            found.end());
  p.items[first + 1] = second;
  ASSERT_TRUE(problems(p).empty());
  // A glyph of the seal name moved up onto the star (the centre of the seal).
  size_t name = 0;
  while (p.items[name].role != ESEAL__PIC_NAME)
    name++;
  double dx = p.width / 2 - (p.items[name].cell[0][0] + p.items[name].cell[2][0]) / 2;
  double dy = p.height / 2 - (p.items[name].cell[0][1] + p.items[name].cell[2][1]) / 2;
  for (auto &c : p.items[name].cell) {
    c[0] += dx;
    c[1] += dy;
  }
  found = problems(p);
  EXPECT_NE(std::find_if(found.begin(), found.end(),
                         [](const std::string &s) { return s.find("crosses the star") != s.npos; }),
            found.end());
  eseal__pic_free(&p);
}

// --- SVG ---------------------------------------------------------------------------

std::string svg_of(const eseal_picture_options &o) {
  eseal_buf b = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_picture_svg(&b, &o), 0) << last_message();
  std::string s(reinterpret_cast<const char *>(b.ptr), b.size);
  eseal_buf_dispose(&b);
  return s;
}

int count_elements(xmlNode *n, const char *name) {
  int k = 0;
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0)
      k++;
    k += count_elements(n->children, name);
  }
  return k;
}

TEST(PictureSvg, ParsesHasPathsNoTextAndNamesTheFont) {
  eseal_picture_font_info info;
  ASSERT_EQ(eseal_picture_font(nullptr, &info), 0) << last_message();
  EXPECT_STREQ(info.family, "Noto Serif CJK SC");
  EXPECT_EQ(strlen(info.sha256), 64u);
  EXPECT_NE(info.version[0], 0);
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "某某科技有限公司";
  o.name = "合同专用章";
  o.code = "1101080012345";
  std::string svg = svg_of(o);
  xmlDoc *doc = xmlReadMemory(svg.data(), (int)svg.size(), "seal.svg", nullptr, XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  xmlNode *root = xmlDocGetRootElement(doc);
  EXPECT_STREQ(reinterpret_cast<const char *>(root->name), "svg");
  EXPECT_EQ(count_elements(root, "text"), 0);
  // The ring, the star, 8 + 5 + 13 glyphs.
  EXPECT_EQ(count_elements(root, "path"), 2 + 8 + 5 + 13);
  xmlFreeDoc(doc);
  EXPECT_NE(svg.find(std::string("sha256=\"") + info.sha256 + "\""), std::string::npos);
  EXPECT_NE(svg.find("family=\"Noto Serif CJK SC\""), std::string::npos);
}

// Another collection: its SC face is chosen by name, and the SVG says which font drew it.
TEST(PictureSvg, AnotherFontIsChosenByNameAndRecorded) {
  const char *sans = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  if (access(sans, R_OK) != 0)
    GTEST_SKIP() << sans << " is not installed";
  eseal_picture_font_info info;
  ASSERT_EQ(eseal_picture_font(sans, &info), 0) << last_message();
  EXPECT_STREQ(info.family, "Noto Sans CJK SC");
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "某某科技有限公司";
  std::string serif = svg_of(o);
  o.font_path = sans;
  std::string drawn = svg_of(o);
  EXPECT_NE(drawn, serif);
  EXPECT_NE(drawn.find(std::string("sha256=\"") + info.sha256 + "\""), std::string::npos);
  EXPECT_NE(drawn.find("family=\"Noto Sans CJK SC\""), std::string::npos);
}

TEST(PictureSvg, SameInputSameBytes) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_OVAL;
  o.organisation = "某某商贸有限公司";
  o.taxpayer_id = "91110108MA01ABCD2X";
  EXPECT_EQ(svg_of(o), svg_of(o));
}

// A version-1 caller's struct is shorter: the call reads nothing past it.
TEST(PictureSvg, VersionOneCallersStillWork) {
  size_t v1 = offsetof(eseal_picture_options, taxpayer_id);
  auto *o = static_cast<eseal_picture_options *>(malloc(v1));
  ASSERT_EQ(eseal_picture_options_init(o, 1), 0);
  EXPECT_EQ(o->version, 1u);
  o->organisation = "某某科技有限公司";
  eseal_buf b = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_picture_svg(&b, o), 0) << last_message();
  eseal_buf_dispose(&b);
  free(o);
}

// --- PNG ---------------------------------------------------------------------------

std::string png_of(const eseal_picture_options &o, unsigned dpi) {
  eseal_buf b = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_picture_png(&b, &o, dpi), 0) << last_message();
  std::string s(reinterpret_cast<const char *>(b.ptr), b.size);
  eseal_buf_dispose(&b);
  return s;
}

struct Reader {
  const std::string *data;
  size_t at;
};

cairo_status_t read_png(void *closure, unsigned char *out, unsigned int len) {
  auto *r = static_cast<Reader *>(closure);
  if (r->at + len > r->data->size())
    return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data->data() + r->at, len);
  r->at += len;
  return CAIRO_STATUS_SUCCESS;
}

// Decoded ARGB32 pixels, width and height; empty when the bytes are not a PNG.
struct Image {
  int w = 0, h = 0;
  std::vector<uint32_t> px;
};

Image decode(const std::string &png) {
  Reader r{&png, 0};
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &r);
  Image img;
  if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
    cairo_surface_flush(s);
    img.w = cairo_image_surface_get_width(s);
    img.h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    for (int y = 0; y < img.h; y++)
      for (int x = 0; x < img.w; x++)
        img.px.push_back(*reinterpret_cast<const uint32_t *>(d + y * stride + x * 4));
  }
  cairo_surface_destroy(s);
  return img;
}

// The reference pictures in tests/data/pictures/, made by this code (tests/data/pictures/README.md).
struct Reference {
  const char *file;
  eseal_picture_shape shape;
  const char *organisation, *name, *code, *taxpayer;
};

const Reference kReferences[] = {
    {"round.png", ESEAL_PICTURE_ROUND, "某某科技有限公司", "合同专用章", "1101080012345", nullptr},
    {"oval_invoice.png", ESEAL_PICTURE_OVAL, "某某商贸有限公司", nullptr, nullptr, "91110108MA01ABCD2X"},
    {"square.png", ESEAL_PICTURE_SQUARE, nullptr, "张三丰", nullptr, nullptr},
    {"rectangle.png", ESEAL_PICTURE_RECTANGLE, nullptr, "李四", nullptr, nullptr},
};

eseal_picture_options options_of(const Reference &r) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = r.shape;
  o.organisation = r.organisation;
  o.name = r.name;
  o.code = r.code;
  o.taxpayer_id = r.taxpayer;
  return o;
}

std::string read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Pixels whose channels differ by more than 64 out of 255; tolerates antialiasing changes.
double differing_share(const Image &a, const Image &b) {
  size_t bad = 0;
  for (size_t i = 0; i < a.px.size(); i++)
    for (int sh = 0; sh < 32; sh += 8)
      if (std::abs(int((a.px[i] >> sh) & 0xff) - int((b.px[i] >> sh) & 0xff)) > 64) {
        bad++;
        break;
      }
  return a.px.empty() ? 1.0 : double(bad) / a.px.size();
}

TEST(PicturePng, DecodesTransparentAndInInk) {
  eseal_picture_options o = options_of(kReferences[0]);
  Image img = decode(png_of(o, 300));
  ASSERT_EQ(img.w, 497); // 42 mm at 300 dpi, rounded up
  ASSERT_EQ(img.h, 497);
  EXPECT_EQ(img.px[0] >> 24, 0u) << "the corner is transparent";
  size_t ink = 0;
  for (uint32_t p : img.px)
    ink += (p >> 24) == 0xff && ((p >> 16) & 0xff) == 0xd0 && (p & 0xff) == 0x1b;
  EXPECT_GT(ink, img.px.size() / 20) << "a twentieth of the picture is solid ink";
}

TEST(PicturePng, SameInputSameBytes) {
  eseal_picture_options o = options_of(kReferences[1]);
  EXPECT_EQ(png_of(o, 200), png_of(o, 200));
}

TEST(PicturePng, MatchesTheReferenceImages) {
  const char *dir = getenv("ESEAL_PICTURE_DATA_DIR");
  ASSERT_NE(dir, nullptr);
  for (const Reference &r : kReferences) {
    Image want = decode(read_file(std::string(dir) + "/" + r.file));
    ASSERT_GT(want.w, 0) << r.file;
    Image got = decode(png_of(options_of(r), 150));
    ASSERT_EQ(got.w, want.w) << r.file;
    ASSERT_EQ(got.h, want.h) << r.file;
    EXPECT_LE(differing_share(got, want), 0.01) << r.file;
  }
}

// The comparison itself: another seal's picture does not pass for the reference.
TEST(PicturePng, ComparisonCatchesADifferentPicture) {
  const char *dir = getenv("ESEAL_PICTURE_DATA_DIR");
  ASSERT_NE(dir, nullptr);
  Image want = decode(read_file(std::string(dir) + "/round.png"));
  Reference other = kReferences[0];
  other.organisation = "另一家科技有限公司";
  Image got = decode(png_of(options_of(other), 150));
  ASSERT_EQ(got.w, want.w);
  EXPECT_GT(differing_share(got, want), 0.01);
}

// --- refusals ----------------------------------------------------------------------

void expect_refused(const eseal_picture_options &o, const char *words, unsigned dpi = 0) {
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = dpi ? eseal_picture_png(&b, &o, dpi) : eseal_picture_svg(&b, &o);
  EXPECT_EQ(rc, ESEAL_EINVAL) << words;
  EXPECT_EQ(b.size, 0u);
  EXPECT_NE(last_message().find(words), std::string::npos) << last_message();
  eseal_buf_dispose(&b);
}

TEST(PictureRefusal, TooLongTexts) {
  std::string org = cjk(kOrg, 41);
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = org.c_str();
  expect_refused(o, "organisation must be 1..40");
  o.organisation = "某某科技有限公司";
  std::string name = cjk("财务专用章", 21);
  o.name = name.c_str();
  expect_refused(o, "seal name must be 1..20");
  o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_SQUARE;
  o.name = "欧阳明月清";
  expect_refused(o, "the name (5 characters) does not fit on a square");
}

// A text that passes the length limits but has no room at a small size is refused by name.
TEST(PictureRefusal, ElementThatDoesNotFitIsNamed) {
  std::string org = cjk(kOrg, 40);
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_OVAL;
  o.width_mm = 14;
  o.height_mm = 10;
  o.organisation = org.c_str();
  o.taxpayer_id = "91110108MA01ABCD2X";
  expect_refused(o, "the organisation (40 characters) does not fit");
  o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_RECTANGLE;
  o.width_mm = 10;
  o.height_mm = 10;
  o.organisation = org.c_str();
  o.name = "李四";
  expect_refused(o, "the organisation (40 characters) does not fit");
}

TEST(PictureRefusal, InvoiceSealNeedsTheTaxpayerNumber) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_OVAL;
  o.organisation = "某某商贸有限公司";
  expect_refused(o, "taxpayer number");
  o.taxpayer_id = "1234"; // too short
  expect_refused(o, "15..20 letters and digits");
  o.taxpayer_id = "91110108MA01ABCD2<"; // not a letter or digit
  expect_refused(o, "15..20 letters and digits");
  o.taxpayer_id = "91110108MA01ABCD2X";
  o.code = "1101080012345";
  expect_refused(o, "no place for a seal code");
}

TEST(PictureRefusal, ElementsAShapeHasNoPlaceFor) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "某某商贸有限公司";
  o.taxpayer_id = "91110108MA01ABCD2X";
  expect_refused(o, "round seal has no place for a taxpayer number");
  o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_SQUARE;
  o.name = "张三";
  o.organisation = "某某商贸有限公司";
  expect_refused(o, "organisation has no place");
  o.organisation = nullptr;
  o.code = "1101080012345";
  expect_refused(o, "seal code has no place");
  o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_OVAL;
  o.name = "张三";
  o.code = "1101080012345";
  expect_refused(o, "personal oval seal has no place for a seal code");
  o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = ESEAL_PICTURE_SQUARE;
  o.name = "张三";
  o.width_mm = 20;
  o.height_mm = 30;
  expect_refused(o, "same width and height");
}

TEST(PictureRefusal, DpiOutOfRangeAndTooManyPixels) {
  eseal_picture_options o = options_of(kReferences[0]);
  expect_refused(o, "72..1200 dpi", 71);
  expect_refused(o, "72..1200 dpi", 1201);
  o.diameter_mm = 100;
  expect_refused(o, "over the 4096 x 4096 limit", 1200);
}

TEST(PictureRefusal, BadFonts) {
  eseal_picture_options o = options_of(kReferences[0]);
  o.font_path = "/nonexistent/font.ttc";
  expect_refused(o, "cannot open the font /nonexistent/font.ttc");
  char path[] = "/tmp/eseal-not-a-fontXXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "not a font at all\n", 18), 18);
  close(fd);
  o.font_path = path;
  expect_refused(o, "is not a font file");
  eseal_picture_font_info info;
  EXPECT_EQ(eseal_picture_font(path, &info), ESEAL_EINVAL);
  unlink(path);
}

TEST(PictureRefusal, TextsThatAreNotPrintableUtf8OrHaveNoGlyph) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "\xe5\x8c\x97\xff"; // a cut sequence
  expect_refused(o, "valid UTF-8");
  o.organisation = "某某\n公司";
  expect_refused(o, "printable");
  o.organisation = "某某\xef\xbf\xbf公司"; // U+FFFF, a noncharacter no font draws
  expect_refused(o, "no glyph");
  o.organisation = "某某科技有限公司";
  o.color = "red";
  expect_refused(o, "#rrggbb");
  o.color = nullptr;
  o.shape = static_cast<eseal_picture_shape>(9);
  expect_refused(o, "unknown picture shape");
}

} // namespace
