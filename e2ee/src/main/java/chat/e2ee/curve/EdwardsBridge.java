package chat.e2ee.curve;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Scalar multiples of the base point as Ed25519 points, for XEdDSA signing.
 *
 * <p>BouncyCastle's Ed25519 API only signs from a seed that it hashes into a scalar; XEdDSA needs the Curve25519
 * private key itself as the scalar. So the multiplication is done on BouncyCastle's Weierstrass form of Curve25519
 * (fixed-base comb multiplier: a regular, table-based ladder for secret scalars) and the result mapped through the
 * birational equivalences Weierstrass → Montgomery ({@code u = x − A/3}) → twisted Edwards ({@code y = (u−1)/(u+1)},
 * {@code x = c·u/v} with {@code c² = −(A+2)}). The maps only touch the resulting point, which is public (it is the
 * public key, or the signature's R).
 */
final class EdwardsBridge {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The order of the prime subgroup (RFC 8032's L). */
    static final BigInteger Q = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger A = BigInteger.valueOf(486662);
    private static final BigInteger A_OVER_3 = A.multiply(BigInteger.valueOf(3).modInverse(P)).mod(P);
    /** RFC 8032's base point B, against which the sign of the square root is chosen. */
    private static final BigInteger BASE_X = new BigInteger(
            "15112221349535400772501151409588531511454012693041857206046113283949847762202");

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("curve25519");
    private static final ECPoint G = CURVE.getG();
    private static final BigInteger C = chooseRoot();

    private EdwardsBridge() {
    }

    /** An Ed25519 point in affine coordinates; {@code sign} is the low bit of x, as RFC 8032 encodes it. */
    record Point(BigInteger x, BigInteger y) {
        boolean sign() {
            return x.testBit(0);
        }

        /** RFC 8032 encoding: y little-endian with the sign of x in the top bit. */
        byte[] encode() {
            byte[] out = Scalars.toLittleEndian32(y);
            if (sign()) {
                out[31] |= (byte) 0x80;
            }
            return out;
        }
    }

    /** {@code k·B} for a secret scalar {@code k}; B has order Q, so k is taken mod Q (the comb needs k &lt; Q). */
    static Point multiplyBase(BigInteger k) {
        ECPoint w = new FixedPointCombMultiplier().multiply(G, k.mod(Q)).normalize();
        if (w.isInfinity()) {
            throw new IllegalStateException("scalar is a multiple of the group order");
        }
        BigInteger u = w.getAffineXCoord().toBigInteger().subtract(A_OVER_3).mod(P);
        BigInteger v = w.getAffineYCoord().toBigInteger();
        return toEdwards(u, v, C);
    }

    /** The Edwards y of the point with Montgomery coordinate u, or null when u+1 ≡ 0 (no such point). */
    static BigInteger edwardsY(BigInteger u) {
        BigInteger denominator = u.add(BigInteger.ONE).mod(P);
        if (denominator.signum() == 0) {
            return null;
        }
        return u.subtract(BigInteger.ONE).multiply(denominator.modInverse(P)).mod(P);
    }

    private static Point toEdwards(BigInteger u, BigInteger v, BigInteger c) {
        BigInteger x = c.multiply(u).multiply(v.modInverse(P)).mod(P);
        return new Point(x, edwardsY(u));
    }

    private static BigInteger chooseRoot() {
        BigInteger minusAPlus2 = P.subtract(A.add(BigInteger.TWO));
        BigInteger root = sqrt(minusAPlus2);
        ECPoint g = G.normalize();
        BigInteger u = g.getAffineXCoord().toBigInteger().subtract(A_OVER_3).mod(P);
        BigInteger v = g.getAffineYCoord().toBigInteger();
        for (BigInteger c : new BigInteger[] {root, P.subtract(root)}) {
            if (toEdwards(u, v, c).x().equals(BASE_X)) {
                return c;
            }
        }
        throw new IllegalStateException("the Weierstrass base point does not map to Ed25519's base point");
    }

    /** A square root mod p (p ≡ 5 mod 8: Atkin's method as in RFC 8032 §5.1.3). */
    private static BigInteger sqrt(BigInteger a) {
        BigInteger candidate = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (candidate.modPow(BigInteger.TWO, P).equals(a.mod(P))) {
            return candidate;
        }
        BigInteger i = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
        candidate = candidate.multiply(i).mod(P);
        if (!candidate.modPow(BigInteger.TWO, P).equals(a.mod(P))) {
            throw new IllegalStateException("not a square");
        }
        return candidate;
    }
}
