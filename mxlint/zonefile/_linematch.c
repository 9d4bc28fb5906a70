/* mxlint.zonefile._linematch: the fast path's usual line (fastpath._LINE_AT) matched in C.
 *
 * Built only with the compiled build (setup.py, MXLINT_COMPILE=1); the pure build matches
 * the same lines with the regular expression. line_at(text, pos) reads the statement that
 * starts at pos in text (a str of one byte a character: the caller checks text.isascii())
 * exactly as fastpath._LINE_AT.match(text, pos) does, and gives its parts as a tuple:
 *
 *     (owner, lead_end, t1, t2, type, strings, a1, a2, a1_start, a2_start, end)
 *
 * the texts of the groups (None where a group took no part), where the blanks after the
 * owner end, where a1 and a2 start (-1: none) and where the match ends; or None where the
 * expression does not match. The expression backtracks only over its optional groups (every
 * repetition in it is possessive), so each optional group is tried taken then left out, in
 * the expression's order; tests/test_linematch.py compares both on generated lines and on
 * the shared corpus.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if PY_VERSION_HEX < 0x030C0000
#define READY(text) PyUnicode_READY(text)
#else
#define READY(text) 0 /* every str is ready from Python 3.12 on */
#endif

typedef struct {
    const unsigned char *s;
    Py_ssize_t n;
} Text;

/* [A-Za-z0-9_*\/-]: a character of a plain label */
static int is_label(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '*' || c == '/' || c == '-';
}

/* [!#-'*-:<-\[\]-~]: printable ASCII but blank, quote, parentheses, semicolon, backslash */
static int is_plain(unsigned char c)
{
    return c >= 0x21 && c <= 0x7e && c != '"' && c != '(' && c != ')' && c != ';' &&
           c != '\\';
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* inside a quoted string: [\t\x20\x21\x23-\x5b\x5d-\x7e] */
static int is_quoted(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
}

static Py_ssize_t blanks(const Text *t, Py_ssize_t p)
{
    while (p < t->n && is_blank(t->s[p]))
        p++;
    return p;
}

/* A group written (digits)(blanks)++: where it ends, or -1. */
static Py_ssize_t number_group(const Text *t, Py_ssize_t p, Py_ssize_t *digits_end)
{
    Py_ssize_t q = p;
    while (q < t->n && is_digit(t->s[q]))
        q++;
    if (q == p || q >= t->n || !is_blank(t->s[q]))
        return -1;
    *digits_end = q;
    return blanks(t, q);
}

/* [Ii][Nn][ \t]++: where it ends, or -1. */
static Py_ssize_t class_group(const Text *t, Py_ssize_t p)
{
    if (p + 2 < t->n && (t->s[p] == 'I' || t->s[p] == 'i') &&
        (t->s[p + 1] == 'N' || t->s[p + 1] == 'n') && is_blank(t->s[p + 2]))
        return blanks(t, p + 2);
    return -1;
}

/* [ \t]*+(?:;[^\r\n]*+)?(?:\r?\n|\Z): where the line ends, or -1. */
static Py_ssize_t ending(const Text *t, Py_ssize_t p)
{
    p = blanks(t, p);
    if (p < t->n && t->s[p] == ';') {
        p++;
        while (p < t->n && t->s[p] != '\r' && t->s[p] != '\n')
            p++;
    }
    if (p >= t->n)
        return p;
    if (t->s[p] == '\n')
        return p + 1;
    if (t->s[p] == '\r' && p + 1 < t->n && t->s[p + 1] == '\n')
        return p + 2;
    return -1;
}

typedef struct {
    Py_ssize_t type_start, type_end;
    Py_ssize_t str_start, str_end; /* -1: no strings */
    Py_ssize_t a1_start, a1_end, a2_start, a2_end;
    Py_ssize_t end;
} Tail;

/* (?P<type>[A-Za-z]++)(?:(?P<strings>...)|(?:[ \t]++(?P<a1>P++))?(?:[ \t]++(?P<a2>P++))?)
 * and the ending, at p: 1 and *r filled when it matches, else 0. */
static int tail(const Text *t, Py_ssize_t p, Tail *r)
{
    Py_ssize_t q = p;
    while (q < t->n && is_alpha(t->s[q]))
        q++;
    if (q == p)
        return 0;
    r->type_start = p;
    r->type_end = q;
    r->str_start = r->str_end = -1;
    r->a1_start = r->a1_end = r->a2_start = r->a2_end = -1;
    /* the strings: (?:[ \t]++"[...]*+")++, taken as often as they match */
    Py_ssize_t last = -1, k = q;
    for (;;) {
        Py_ssize_t b = blanks(t, k);
        if (b == k || b >= t->n || t->s[b] != '"')
            break;
        Py_ssize_t c = b + 1;
        while (c < t->n && is_quoted(t->s[c]))
            c++;
        if (c >= t->n || t->s[c] != '"')
            break;
        k = last = c + 1;
    }
    if (last >= 0) {
        Py_ssize_t e = ending(t, last);
        if (e >= 0) {
            r->str_start = q;
            r->str_end = last;
            r->end = e;
            return 1;
        }
        /* the other branch reads no quote: it cannot match where strings stood */
    }
    /* the words: each taken when blanks and a plain word follow */
    Py_ssize_t w = q;
    for (int i = 0; i < 2; i++) {
        Py_ssize_t b = blanks(t, w);
        if (b == w || b >= t->n || !is_plain(t->s[b]))
            break;
        Py_ssize_t c = b;
        while (c < t->n && is_plain(t->s[c]))
            c++;
        if (i == 0) {
            r->a1_start = b;
            r->a1_end = c;
        } else {
            r->a2_start = b;
            r->a2_end = c;
        }
        w = c;
    }
    Py_ssize_t e = ending(t, w);
    if (e < 0)
        return 0;
    r->end = e;
    return 1;
}

static PyObject *slice(PyObject *text, Py_ssize_t a, Py_ssize_t b)
{
    if (a < 0)
        Py_RETURN_NONE;
    return PyUnicode_Substring(text, a, b);
}

/* Reads a str of one byte a character into *t: 0, or -1 with an error set. */
static int text_of(PyObject *text, Text *t)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "a str is needed");
        return -1;
    }
    if (READY(text) < 0)
        return -1;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND) {
        PyErr_SetString(PyExc_ValueError, "a text of one byte a character is needed");
        return -1;
    }
    t->s = PyUnicode_1BYTE_DATA(text);
    t->n = PyUnicode_GET_LENGTH(text);
    return 0;
}

/* The (text, pos) arguments of line_at and blank_at: 0, or -1 with an error set. */
static int text_and_pos(PyObject *const *args, Py_ssize_t nargs, const char *usage, Text *t,
                        Py_ssize_t *pos)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    if (text_of(args[0], t) < 0)
        return -1;
    *pos = PyLong_AsSsize_t(args[1]);
    return *pos == -1 && PyErr_Occurred() ? -1 : 0;
}

static PyObject *line_at(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Text t;
    Py_ssize_t pos;
    if (text_and_pos(args, nargs, "line_at(text: str, pos: int)", &t, &pos) < 0)
        return NULL;
    PyObject *text = args[0];
    if (pos < 0 || pos > t.n)
        Py_RETURN_NONE;
    Py_ssize_t p = pos, owner_end = -1;
    /* (?P<owner>@|label{1,63}+(?:\.label{1,63}+)*+\.?+)? then (?P<lead>[ \t]++): the owner
     * takes every character it can (it is possessive), and where it stops a blank must
     * follow; leaving it out leaves a character that is not blank: no match either way. */
    if (p < t.n && t.s[p] == '@') {
        owner_end = p + 1;
    } else if (p < t.n && is_label(t.s[p])) {
        Py_ssize_t q = p;
        for (;;) {
            Py_ssize_t start = q;
            while (q < t.n && q - start < 63 && is_label(t.s[q]))
                q++;
            if (q < t.n && t.s[q] == '.' && q + 1 < t.n && is_label(t.s[q + 1])) {
                q++;
                continue;
            }
            if (q < t.n && t.s[q] == '.')
                q++;
            break;
        }
        owner_end = q;
    }
    if (owner_end >= 0)
        p = owner_end;
    if (p >= t.n || !is_blank(t.s[p]))
        Py_RETURN_NONE;
    Py_ssize_t lead_end = blanks(&t, p);
    /* the optional groups, each taken then left out, in the expression's order */
    Tail r;
    Py_ssize_t t1_end = -1, t2_end = -1, d1 = -1, d2 = -1, p1, p2, p3;
    int found = 0;
    Py_ssize_t g1 = number_group(&t, lead_end, &d1);
    for (int a = (g1 >= 0 ? 0 : 1); a < 2 && !found; a++) {
        p1 = a == 0 ? g1 : lead_end;
        Py_ssize_t gc = class_group(&t, p1);
        for (int b = (gc >= 0 ? 0 : 1); b < 2 && !found; b++) {
            p2 = b == 0 ? gc : p1;
            Py_ssize_t dd = -1;
            Py_ssize_t g2 = number_group(&t, p2, &dd);
            for (int c = (g2 >= 0 ? 0 : 1); c < 2 && !found; c++) {
                p3 = c == 0 ? g2 : p2;
                if (tail(&t, p3, &r)) {
                    found = 1;
                    t1_end = a == 0 ? d1 : -1;
                    t2_end = c == 0 ? dd : -1;
                    d2 = p2;
                }
            }
        }
    }
    if (!found)
        Py_RETURN_NONE;
    PyObject *items[11] = {NULL};
    items[0] = owner_end >= 0 ? PyUnicode_Substring(text, pos, owner_end) : (Py_INCREF(Py_None), Py_None);
    items[1] = PyLong_FromSsize_t(lead_end);
    items[2] = t1_end >= 0 ? PyUnicode_Substring(text, lead_end, t1_end) : (Py_INCREF(Py_None), Py_None);
    items[3] = t2_end >= 0 ? PyUnicode_Substring(text, d2, t2_end) : (Py_INCREF(Py_None), Py_None);
    items[4] = PyUnicode_Substring(text, r.type_start, r.type_end);
    items[5] = slice(text, r.str_start, r.str_end);
    items[6] = slice(text, r.a1_start, r.a1_end);
    items[7] = slice(text, r.a2_start, r.a2_end);
    items[8] = PyLong_FromSsize_t(r.a1_start);
    items[9] = PyLong_FromSsize_t(r.a2_start);
    items[10] = PyLong_FromSsize_t(r.end);
    PyObject *result = PyTuple_New(11);
    for (int i = 0; i < 11; i++) {
        if (items[i] == NULL || result == NULL) {
            for (int j = 0; j < 11; j++)
                Py_XDECREF(items[j]);
            Py_XDECREF(result);
            return NULL;
        }
    }
    for (int i = 0; i < 11; i++)
        PyTuple_SET_ITEM(result, i, items[i]);
    return result;
}

/* blank_at(text, pos): where a blank or comment-only line at pos ends (fastpath._BLANK_AT's
 * match: [ \t]*+(?:;[^\r\n]*+)?(?:\r?\n|\Z)), or -1. */
static PyObject *blank_at(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Text t;
    Py_ssize_t pos;
    if (text_and_pos(args, nargs, "blank_at(text: str, pos: int)", &t, &pos) < 0)
        return NULL;
    if (pos < 0 || pos > t.n)
        return PyLong_FromLong(-1);
    return PyLong_FromSsize_t(ending(&t, pos));
}

/* ipv4(text): the IPv4 address written as inet_ntoa writes it (four decimal numbers of 0 to
 * 255 without leading zeros, dots between), as a number; -1 for any other text. */
static PyObject *ipv4(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "ipv4(text: str)");
        return NULL;
    }
    if (READY(text) < 0)
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        return PyLong_FromLong(-1);
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), p = 0;
    unsigned long address = 0;
    for (int octet = 0; octet < 4; octet++) {
        if (octet > 0) {
            if (p >= n || s[p] != '.')
                return PyLong_FromLong(-1);
            p++;
        }
        Py_ssize_t start = p;
        unsigned long value = 0;
        while (p < n && is_digit(s[p]) && p - start < 3) {
            value = value * 10 + (unsigned long)(s[p] - '0');
            p++;
        }
        if (p == start || value > 255 || (s[start] == '0' && p - start > 1))
            return PyLong_FromLong(-1);
        address = (address << 8) | value;
    }
    if (p != n)
        return PyLong_FromLong(-1);
    return PyLong_FromUnsignedLong(address);
}

static PyObject *one_byte(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "one_byte(text: str)");
        return NULL;
    }
    if (READY(text) < 0)
        return NULL;
    return PyBool_FromLong(PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND);
}

static PyMethodDef methods[] = {
    {"one_byte", one_byte, METH_O, "one_byte(text): whether line_at reads text (no copy)."},
    {"blank_at", (PyCFunction)(void (*)(void))blank_at, METH_FASTCALL,
     "blank_at(text, pos): where fastpath._BLANK_AT's match at pos ends, or -1."},
    {"ipv4", ipv4, METH_O,
     "ipv4(text): the address as a number where inet_ntoa(inet_aton(text)) == text, else -1."},
    {"line_at", (PyCFunction)(void (*)(void))line_at, METH_FASTCALL,
     "line_at(text, pos): the parts of fastpath._LINE_AT.match(text, pos), or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "mxlint.zonefile._linematch",
    "The fast path's usual line matched in C (the compiled build only).", -1, methods,
};

PyMODINIT_FUNC PyInit__linematch(void) { return PyModule_Create(&module); }
