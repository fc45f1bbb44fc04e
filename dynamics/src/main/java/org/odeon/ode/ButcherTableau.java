package org.odeon.ode;

import java.util.Arrays;

/**
 * The coefficients {@code (A, b, c)} of an explicit Runge–Kutta method,
 * <pre>  k_i = f(t + c_i h, y + h Σ_{j&lt;i} a_ij k_j),   y_{n+1} = y_n + h Σ_i b_i k_i,</pre>
 * optionally with embedded weights {@code b̂} of order {@code embeddedOrder} (error estimate
 * {@code h Σ (b_i − b̂_i) k_i}, of size {@code O(h^{min(order, embeddedOrder) + 1})}) and the
 * coefficients {@code d} of a continuous extension (dense output).
 *
 * <p>This is the single definition of each method: the fast {@link ExplicitRungeKutta}, the
 * adaptive {@link EmbeddedRungeKutta} and the differentiable tensor forms all read it.
 * Coefficients given as decimals are checked against the row-sum and weight-sum conditions up to
 * their rounding.
 *
 * @param a lower-triangular stage matrix, {@code a[i].length == i}
 */
public record ButcherTableau(String name, int order, double[][] a, double[] b, double[] c,
                            double[] bHat, int embeddedOrder, double[] dense) {

    public ButcherTableau {
        int s = b.length;
        if (c.length != s || a.length != s)
            throw new IllegalArgumentException(name + ": A, b, c must have " + s + " stages, got A " + a.length + ", c " + c.length);
        for (int i = 0; i < s; i++) {
            if (a[i].length != i)
                throw new IllegalArgumentException(name + ": row " + i + " of A must have " + i + " entries (explicit), got " + a[i].length);
            // Row-sum condition c_i = Σ_j a_ij, needed for order ≥ 2 on non-autonomous problems.
            if (!sumsTo(a[i], c[i]))
                throw new IllegalArgumentException(name + ": c[" + i + "] = " + c[i] + " but row " + i + " of A sums to " + Arrays.stream(a[i]).sum());
        }
        if (!sumsTo(b, 1)) throw new IllegalArgumentException(name + ": weights b must sum to 1");
        if (bHat != null && bHat.length != s)
            throw new IllegalArgumentException(name + ": embedded weights need " + s + " entries, got " + bHat.length);
        if (bHat != null && !(embeddedOrder >= 1 && sumsTo(bHat, 1)))
            throw new IllegalArgumentException(name + ": embedded weights need an order ≥ 1 and must sum to 1");
        if (dense != null && dense.length != s)
            throw new IllegalArgumentException(name + ": dense-output coefficients need " + s + " entries, got " + dense.length);
    }

    /** A method without an embedded pair or dense output. */
    public ButcherTableau(String name, int order, double[][] a, double[] b, double[] c) { this(name, order, a, b, c, null, 0, null); }

    /** Whether {@code Σ v = target} up to the rounding of the entries' sizes. */
    private static boolean sumsTo(double[] v, double target) {
        double sum = 0, size = 1;
        for (double x : v) { sum += x; size += Math.abs(x); }
        return Math.abs(sum - target) <= 1e-14 * size;
    }

    /** {@code b̂} weights from the error weights {@code e = b − b̂} that papers list. */
    private static double[] minus(double[] b, double[] e) {
        double[] r = new double[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] - e[i];
        return r;
    }

    public int stages() { return b.length; }

    /** Explicit Euler: {@code y_{n+1} = y_n + h f(t_n, y_n)}. */
    public static final ButcherTableau EULER = new ButcherTableau("Euler", 1,
            new double[][] {{}}, new double[] {1}, new double[] {0});

    /** Heun's method (explicit trapezoidal rule), order 2. */
    public static final ButcherTableau HEUN = new ButcherTableau("Heun", 2,
            new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {0, 1});

    /** The classical Runge–Kutta method of order 4. */
    public static final ButcherTableau RK4 = new ButcherTableau("RK4", 4,
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1 / 6.0, 1 / 3.0, 1 / 3.0, 1 / 6.0}, new double[] {0, 0.5, 0.5, 1});

    /**
     * Dormand–Prince 5(4): order-5 weights {@code b} (equal to the last row of {@code A}, so the
     * last stage is the first stage of the next step, FSAL), order-4 embedded weights, and
     * Shampine's order-4 continuous extension.
     */
    public static final ButcherTableau DOPRI5 = new ButcherTableau("DOPRI5", 5,
            new double[][] {
                    {},
                    {1 / 5.0},
                    {3 / 40.0, 9 / 40.0},
                    {44 / 45.0, -56 / 15.0, 32 / 9.0},
                    {19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0},
                    {9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0},
                    {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0}},
            new double[] {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0, 0},
            new double[] {0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1, 1},
            new double[] {5179 / 57600.0, 0, 7571 / 16695.0, 393 / 640.0, -92097 / 339200.0, 187 / 2100.0, 1 / 40.0}, 4,
            new double[] {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
                    -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0,
                    -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0});

    /**
     * Bogacki–Shampine 3(2) (Appl. Math. Lett. 2, 1989): order-3 weights equal to the last row of
     * {@code A} (FSAL), order-2 embedded weights.
     */
    public static final ButcherTableau BS3 = new ButcherTableau("BS3", 3,
            new double[][] {{}, {1 / 2.0}, {0, 3 / 4.0}, {2 / 9.0, 1 / 3.0, 4 / 9.0}},
            new double[] {2 / 9.0, 1 / 3.0, 4 / 9.0, 0},
            new double[] {0, 1 / 2.0, 3 / 4.0, 1},
            new double[] {7 / 24.0, 1 / 4.0, 1 / 3.0, 1 / 8.0}, 2, null);

    /**
     * Tsitouras 5(4) (Comput. Math. Appl. 62, 2011): satisfies only the first column simplifying
     * assumption, which buys smaller error constants than DOPRI5 at the same cost; FSAL. The
     * paper lists the error weights {@code b − b̂}.
     */
    public static final ButcherTableau TSIT5;

    /**
     * Dormand–Prince 8(5) (Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.10, code DOP853): twelve
     * stages of order 8 with the embedded order-5 estimate (the code's third-order estimate, which
     * it blends in, is not used here).
     */
    public static final ButcherTableau DOP853;

    static {
        double[] b5 = {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774, 0};
        TSIT5 = new ButcherTableau("Tsit5", 5,
                new double[][] {
                        {},
                        {0.161},
                        {-0.008480655492356989, 0.335480655492357},
                        {2.8971530571054935, -6.359448489975075, 4.3622954328695815},
                        {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
                        {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383},
                        Arrays.copyOf(b5, 6)},
                b5,
                new double[] {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1},
                minus(b5, new double[] {-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995,
                        -0.1447110071732629, 0.5823571654525552, -0.45808210592918697, 1 / 66.0}), 4, null);

        double[] b8 = {5.42937341165687622380535766363e-2, 0, 0, 0, 0, 4.45031289275240888144113950566e0,
                1.89151789931450038304281599044e0, -5.8012039600105847814672114227e0, 3.1116436695781989440891606237e-1,
                -1.52160949662516078556178806805e-1, 2.01365400804030348374776537501e-1, 4.47106157277725905176885569043e-2};
        double[] e5 = {0.1312004499419488073250102996e-01, 0, 0, 0, 0, -0.1225156446376204440720569753e+01,
                -0.4957589496572501915214079952e+00, 0.1664377182454986536961530415e+01, -0.3503288487499736816886487290e+00,
                0.3341791187130174790297318841e+00, 0.8192320648511571246570742613e-01, -0.2235530786388629525884427845e-01};
        DOP853 = new ButcherTableau("DOP853", 8,
                new double[][] {
                        {},
                        {5.26001519587677318785587544488e-2},
                        {1.97250569845378994544595329183e-2, 5.91751709536136983633785987549e-2},
                        {2.95875854768068491816892993775e-2, 0, 8.87627564304205475450678981324e-2},
                        {2.41365134159266685502369798665e-1, 0, -8.84549479328286085344864962717e-1, 9.24834003261792003115737966543e-1},
                        {3.7037037037037037037037037037e-2, 0, 0, 1.70828608729473871279604482173e-1, 1.25467687566822425016691814123e-1},
                        {3.7109375e-2, 0, 0, 1.70252211019544039314978060272e-1, 6.02165389804559606850219397283e-2, -1.7578125e-2},
                        {3.70920001185047927108779319836e-2, 0, 0, 1.70383925712239993810214054705e-1, 1.07262030446373284651809199168e-1,
                                -1.53194377486244017527936158236e-2, 8.27378916381402288758473766002e-3},
                        {6.24110958716075717114429577812e-1, 0, 0, -3.36089262944694129406857109825e0, -8.68219346841726006818189891453e-1,
                                2.75920996994467083049415600797e1, 2.01540675504778934086186788979e1, -4.34898841810699588477366255144e1},
                        {4.77662536438264365890433908527e-1, 0, 0, -2.48811461997166764192642586468e0, -5.90290826836842996371446475743e-1,
                                2.12300514481811942347288949897e1, 1.52792336328824235832596922938e1, -3.32882109689848629194453265587e1,
                                -2.03312017085086261358222928593e-2},
                        {-9.3714243008598732571704021658e-1, 0, 0, 5.18637242884406370830023853209e0, 1.09143734899672957818500254654e0,
                                -8.14978701074692612513997267357e0, -1.85200656599969598641566180701e1, 2.27394870993505042818970056734e1,
                                2.49360555267965238987089396762e0, -3.0467644718982195003823669022e0},
                        {2.27331014751653820792359768449e0, 0, 0, -1.05344954667372501984066689879e1, -2.00087205822486249909675718444e0,
                                -1.79589318631187989172765950534e1, 2.79488845294199600508499808837e1, -2.85899827713502369474065508674e0,
                                -8.87285693353062954433549289258e0, 1.23605671757943030647266201528e1, 6.43392746015763530355970484046e-1}},
                b8,
                new double[] {0, 0.526001519587677318785587544488e-01, 0.789002279381515978178381316732e-01, 0.118350341907227396726757197510e+00,
                        0.281649658092772603273242802490e+00, 1 / 3.0, 0.25, 4 / 13.0, 127 / 195.0, 0.6, 6 / 7.0, 1},
                minus(b8, e5), 5, null);
    }

    /** Whether the last row of {@code A} is {@code b} with {@code c = 1}: the last stage of a step is the first of the next (FSAL). */
    public boolean firstSameAsLast() {
        int s = stages();
        if (s < 2 || c[s - 1] != 1 || b[s - 1] != 0) return false;
        for (int j = 0; j < s - 1; j++) if (a[s - 1][j] != b[j]) return false;
        return true;
    }

    /** {@code q} with the error estimate {@code O(h^q)}: {@code min(order, embeddedOrder) + 1}. */
    public int errorOrder() {
        if (bHat == null) throw new IllegalStateException(name + " has no embedded weights");
        return Math.min(order, embeddedOrder) + 1;
    }
}
