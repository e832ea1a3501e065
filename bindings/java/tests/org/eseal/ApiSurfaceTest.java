package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.Test;

/**
 * The public API of eseal.jar, by reflection: no SWIG type (SWIGTYPE_p_*,
 * EsealNative*) and no other type a user could not name appears in a public
 * or protected signature, and the SWIG classes themselves are not public,
 * but for EsealNativeConstants: plain int constants, and the only names of
 * the error codes EsealException.getCode() returns.
 */
public class ApiSurfaceTest {
  /** The jar's classes, by name. */
  private static List<Class<?>> jarClasses() throws Exception {
    List<Class<?>> out = new ArrayList<>();
    String jar = Paths.get(Eseal.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    try (JarFile file = new JarFile(jar)) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
        String name = e.nextElement().getName();
        if (name.startsWith("org/eseal/") && name.endsWith(".class")) {
          out.add(Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
              ApiSurfaceTest.class.getClassLoader()));
        }
      }
    }
    return out;
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    return (m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0;
  }

  /** Adds to {@code bad} each type in {@code t} that a user of the API cannot use. */
  private static void unusable(Type t, String where, List<String> bad) {
    unusable(t, where, bad, new HashSet<Type>());
  }

  private static void unusable(Type t, String where, List<String> bad, Set<Type> seen) {
    // Bounds refer to themselves (E extends Enum<E>): each type once.
    if (!seen.add(t)) {
      return;
    }
    if (t instanceof Class) {
      Class<?> c = (Class<?>) t;
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.isPrimitive()) {
        return;
      }
      if (c.getSimpleName().startsWith("SWIGTYPE_p_")
          || c.getSimpleName().startsWith("EsealNative") && !c.getSimpleName().equals("EsealNativeConstants")
          || !visible(c)) {
        bad.add(where + ": " + c.getName());
      }
    } else if (t instanceof ParameterizedType) {
      unusable(((ParameterizedType) t).getRawType(), where, bad, seen);
      for (Type a : ((ParameterizedType) t).getActualTypeArguments()) {
        unusable(a, where, bad, seen);
      }
    } else if (t instanceof GenericArrayType) {
      unusable(((GenericArrayType) t).getGenericComponentType(), where, bad, seen);
    } else if (t instanceof WildcardType) {
      for (Type b : ((WildcardType) t).getUpperBounds()) {
        unusable(b, where, bad, seen);
      }
      for (Type b : ((WildcardType) t).getLowerBounds()) {
        unusable(b, where, bad, seen);
      }
    } else if (t instanceof TypeVariable) {
      for (Type b : ((TypeVariable<?>) t).getBounds()) {
        unusable(b, where, bad, seen);
      }
    }
  }

  /** The public-signature problems of class {@code c}. */
  static List<String> problems(Class<?> c) {
    List<String> bad = new ArrayList<>();
    if (!visible(c)) {
      return bad;
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k)) {
        for (Type p : k.getGenericParameterTypes()) {
          unusable(p, c.getName() + " constructor", bad);
        }
      }
    }
    // Inherited public ones and declared protected ones, each once.
    Set<Method> methods = new LinkedHashSet<>();
    Collections.addAll(methods, c.getMethods());
    Collections.addAll(methods, c.getDeclaredMethods());
    for (Method m : methods) {
      if (visible(m) && !m.isSynthetic()) {
        String where = c.getName() + "." + m.getName();
        unusable(m.getGenericReturnType(), where, bad);
        for (Type p : m.getGenericParameterTypes()) {
          unusable(p, where, bad);
        }
        for (Type x : m.getGenericExceptionTypes()) {
          unusable(x, where, bad);
        }
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f) && !f.isSynthetic()) {
        unusable(f.getGenericType(), c.getName() + "." + f.getName(), bad);
      }
    }
    return bad;
  }

  @Test
  public void noPublicSignatureNamesASwigType() throws Exception {
    List<String> bad = new ArrayList<>();
    List<Class<?>> classes = jarClasses();
    assertTrue("too few classes found: " + classes, classes.size() > 20);
    for (Class<?> c : classes) {
      bad.addAll(problems(c));
    }
    assertEquals(Collections.emptyList(), bad);
  }

  @Test
  public void theSwigClassesAreNotPublic() throws Exception {
    int swig = 0;
    for (Class<?> c : jarClasses()) {
      if (c.getSimpleName().startsWith("SWIGTYPE_p_") || c.getSimpleName().startsWith("EsealNative")) {
        swig++;
        if (c.getSimpleName().equals("EsealNativeConstants")) {
          continue;
        }
        assertFalse(c.getName(), Modifier.isPublic(c.getModifiers()));
      }
    }
    assertTrue("no SWIG class found in the jar", swig >= 3);
  }

  /** What the scan must catch: SWIG and package-private types, however wrapped. */
  public static final class Leaky {
    public SWIGTYPE_p_eseal_report report() {
      return null;
    }

    public void take(List<? extends SWIGTYPE_p_eseal_seal> seals) {}

    public NativeObject<?>[] objects() {
      return null;
    }

    public Leaky(SWIGTYPE_p_eseal_cert cert) {}

    public Leaky() {}

    public String fine(int i, List<String> s) {
      return null;
    }

    String hidden(SWIGTYPE_p_eseal_report r) {
      return null;
    }
  }

  @Test
  public void theScanCatchesSwigTypesInEveryPosition() {
    List<String> bad = problems(Leaky.class);
    String name = Leaky.class.getName();
    assertEquals(bad.toString(), 4, bad.size());
    assertTrue(bad.toString(), bad.contains(name + ".report: org.eseal.SWIGTYPE_p_eseal_report"));
    assertTrue(bad.toString(), bad.contains(name + ".take: org.eseal.SWIGTYPE_p_eseal_seal"));
    assertTrue(bad.toString(), bad.contains(name + ".objects: org.eseal.NativeObject"));
    assertTrue(bad.toString(), bad.contains(name + " constructor: org.eseal.SWIGTYPE_p_eseal_cert"));
  }
}
