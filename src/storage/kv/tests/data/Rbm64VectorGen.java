// SPDX-License-Identifier: Apache-2.0
// Generates rbm64_java_vectors.inc (not built by CMake). With RoaringBitmap 1.3.0 compiled
// into ./classes: javac -cp classes Rbm64VectorGen.java && java -cp classes:. Rbm64VectorGen 7 80
// prints "a b aggregated" hex per line, where aggregated is what Fluss's
// FieldRoaringBitmap64Agg returns for (a, b); the .inc keeps 24 short and 2 long lines.
import org.roaringbitmap.longlong.Roaring64Bitmap;
import java.io.*;
import java.nio.ByteBuffer;
import java.util.*;

public class Rbm64VectorGen {
  static byte[] ser(Roaring64Bitmap b) throws IOException {
    b.runOptimize();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(o);
    b.serialize(d); d.flush();
    return o.toByteArray();
  }
  static Roaring64Bitmap de(byte[] x) throws IOException {
    Roaring64Bitmap b = new Roaring64Bitmap(); b.deserialize(ByteBuffer.wrap(x)); return b;
  }
  static String hex(byte[] x) { StringBuilder s = new StringBuilder(); for (byte v : x) s.append(String.format("%02x", v)); return s.toString(); }
  static Random r;
  static long pick(int mode) {
    switch (mode) {
      case 0: return r.nextInt(100);
      case 1: return ((long) r.nextInt(300) << 16) | r.nextInt(8);
      case 2: return r.nextLong();
      case 3: return ((long) r.nextInt(4) << 40) | ((long) r.nextInt(60) << 16) | r.nextInt(3);
      default: return 5000 + r.nextInt(70000);
    }
  }
  static Roaring64Bitmap make(int mode, int n, boolean addOrderShuffled) {
    Roaring64Bitmap b = new Roaring64Bitmap();
    if (mode == 5) { b.addRange(1000 + r.nextInt(1000), 30000 + r.nextInt(50000)); return b; }
    if (mode == 6) { for (int i = 0; i < 6000; i++) b.addLong(r.nextInt(65536)); return b; }
    for (int i = 0; i < n; i++) b.addLong(pick(mode));
    return b;
  }
  public static void main(String[] a) throws Exception {
    r = new Random(Long.parseLong(a[0]));
    int cases = Integer.parseInt(a[1]);
    for (int c = 0; c < cases; c++) {
      int m1 = r.nextInt(7), m2 = r.nextInt(7);
      if (c < 10) { m1 = c % 5; m2 = (c + 1) % 5; }
      Roaring64Bitmap x = make(m1, 1 + r.nextInt(m1 == 1 || m1 == 3 ? 200 : 20), false);
      Roaring64Bitmap y = make(m2, 1 + r.nextInt(m2 == 1 || m2 == 3 ? 200 : 20), false);
      byte[] acc = ser(x), in = ser(y);
      // Fluss FieldRoaringBitmap64Agg.agg
      Roaring64Bitmap A = de(acc), B = de(in);
      A.or(B);
      byte[] out = ser(A);
      System.out.println(hex(acc) + " " + hex(in) + " " + hex(out));
    }
  }
}
