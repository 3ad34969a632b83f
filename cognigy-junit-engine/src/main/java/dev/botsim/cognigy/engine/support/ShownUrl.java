package dev.botsim.cognigy.engine.support;

/**
 * A URL as a message may repeat it: {@code https://user:password@host/hook?token=abc} as
 * {@code https://****@host/hook?****}. A user name and password are masked, and so are a query and a fragment: a
 * webhook receiver or a management API may take its token there, and a refused value is printed into the CI log. A
 * command line's refused argument is repeated the same way: {@code --managment-url=https://u:p@host/?token=abc}, a URL
 * after a misspelt option's name, as {@code --managment-url=https://****@host/?****}.
 */
public final class ShownUrl {

    private ShownUrl() {
    }

    public static String of(String url) {
        String shown = url.replaceFirst("^([^/?#]*//)?[^/?#@]*@", "$1****@");
        int query = shown.indexOf('?');
        int fragment = shown.indexOf('#');
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        return cut < 0 ? shown : shown.substring(0, cut + 1) + "****";
    }
}
