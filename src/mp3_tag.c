/* The LAME/Info tag: its CRC-16 and the patch that makes the first chunk's
 * or the first file's tag describe a whole stream (mp3_par.c, mp3_join.c). */
#include <pthread.h>
#include <string.h>

#include "mp3_int.h"

/* CRC-16 with polynomial 0x8005, bit-reflected, as LAME's CRC_update_lookup,
 * eight bytes a step ("slicing-by-8": crc_tab[k] is the table of a byte
 * followed by k zero bytes), since a week's programs are tens of MB. */
static unsigned short crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc16_init(void)
{
    unsigned i, k;

    for (i = 0; i < 256; i++) {
        unsigned c = i;
        int b;

        for (b = 0; b < 8; b++)
            c = c & 1 ? (c >> 1) ^ 0xA001 : c >> 1;
        crc_tab[0][i] = (unsigned short)c;
    }
    for (k = 1; k < 8; k++)
        for (i = 0; i < 256; i++)
            crc_tab[k][i] =
                (unsigned short)((crc_tab[k - 1][i] >> 8) ^ crc_tab[0][crc_tab[k - 1][i] & 0xFF]);
}

unsigned loai_mp3_crc16(unsigned crc, const unsigned char *p, size_t n)
{
    pthread_once(&crc_once, crc16_init);
    crc &= 0xFFFF;
    for (; n >= 8; p += 8, n -= 8) {
        crc ^= (unsigned)p[0] | (unsigned)p[1] << 8;
        crc = crc_tab[7][crc & 0xFF] ^ crc_tab[6][crc >> 8] ^ crc_tab[5][p[2]] ^
              crc_tab[4][p[3]] ^ crc_tab[3][p[4]] ^ crc_tab[2][p[5]] ^ crc_tab[1][p[6]] ^
              crc_tab[0][p[7]];
    }
    while (n-- > 0)
        crc = (crc >> 8) ^ crc_tab[0][(crc ^ *p++) & 0xFF];
    return crc & 0xFFFF;
}

static void put_be(unsigned char *p, unsigned long v, int n)
{
    while (n-- > 0) {
        p[n] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

/* Where the "Info"/"Xing" header sits in the frame TAG (SIZE bytes), or 0
 * if TAG is not a LAME Info frame (VbrTag.c: after the side info). */
size_t loai_mp3_info_at(const unsigned char *tag, size_t size)
{
    size_t x;

    for (x = 4; x + 4 <= 40 && x + 4 <= size; x++)
        if (memcmp(tag + x, "Info", 4) == 0 || memcmp(tag + x, "Xing", 4) == 0)
            break;
    if (x + LAMEHEADERSIZE > size || memcmp(tag + x + 120, "LAME", 4) != 0)
        return 0;
    return x;
}

/* Patch the Info/LAME tag frame TAG (SIZE bytes) so that it describes a
 * stream of FRAMES audio frames (the Info frame not counted) and BYTES bytes
 * (Info frame included), ending in PADDING samples, whose audio frames have
 * the CRC MUSIC_CRC. The encoder delay stays the tag's own. 0 if TAG is not
 * one. */
int loai_mp3_patch_tag(unsigned char *tag, size_t size, unsigned long frames, unsigned long bytes,
                       int padding, unsigned music_crc)
{
    size_t x = loai_mp3_info_at(tag, size);
    int i;

    if (x == 0)
        return 0;
    put_be(tag + x + 8, frames, 4);
    put_be(tag + x + 12, bytes, 4);
    for (i = 0; i < 100; i++) /* CBR: byte offset is linear in time */
        tag[x + 16 + i] = (unsigned char)(256 * i / 100);
    tag[x + 142] = (unsigned char)((tag[x + 142] & 0xF0) | ((padding >> 8) & 0x0F));
    tag[x + 143] = (unsigned char)(padding & 0xFF);
    put_be(tag + x + 148, bytes, 4); /* music length: as LAME, the stream size */
    put_be(tag + x + 152, music_crc, 2);
    put_be(tag + x + 154, loai_mp3_crc16(0, tag, x + 154), 2);
    return 1;
}

/* The CRC-16 register as multiplication by a 16x16 matrix over GF(2): row
 * k is what bit k of the register becomes. */
static unsigned gf2_times(const unsigned *mat, unsigned vec)
{
    unsigned sum = 0;

    for (; vec; vec >>= 1, mat++)
        if (vec & 1)
            sum ^= *mat;
    return sum;
}

static void gf2_square(unsigned *square, const unsigned *mat)
{
    int k;

    for (k = 0; k < 16; k++)
        square[k] = gf2_times(mat, mat[k]);
}

/* With a zero initial register and nothing XORed at the end, the CRC is
 * linear: crc(A B) is crc(A) carried through len(B) zero bytes, XOR crc(B).
 * The carrying is the one-zero-bit matrix raised to 8 len(B), by squaring. */
unsigned loai_mp3_crc16_combine(unsigned crc1, unsigned crc2, size_t len2)
{
    unsigned even[16], odd[16], row = 1;
    int k;

    crc1 &= 0xFFFF;
    if (len2 == 0)
        return crc1 ^ (crc2 & 0xFFFF);
    odd[0] = 0xA001; /* one zero bit: bit 0 shifts out and feeds the polynomial */
    for (k = 1; k < 16; k++, row <<= 1)
        odd[k] = row;
    gf2_square(even, odd); /* two zero bits */
    gf2_square(odd, even); /* four */
    for (;;) {
        gf2_square(even, odd); /* 8, 32, 128, ... bits */
        if (len2 & 1)
            crc1 = gf2_times(even, crc1);
        if ((len2 >>= 1) == 0)
            break;
        gf2_square(odd, even);
        if (len2 & 1)
            crc1 = gf2_times(odd, crc1);
        if ((len2 >>= 1) == 0)
            break;
    }
    return (crc1 ^ crc2) & 0xFFFF;
}
