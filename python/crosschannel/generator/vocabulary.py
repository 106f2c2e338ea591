"""Static word lists of the simulated French network: regions and cities, names, streets, products.

Plain data, kept apart from the code that draws from it. Postal codes are real codes of the city,
so a postal code always agrees with its region; landline prefixes follow the French numbering
zones (01 Île-de-France, 02 north-west, 03 north-east, 04 south-east, 05 south-west).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class City:
    """A city and its postal codes."""

    name: str
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A French region: population (weights persons and stores), phone zone, cities."""

    name: str
    population_millions: float
    landline_zone: int
    cities: tuple[City, ...]


def _words(*lines: str) -> tuple[str, ...]:
    """A comma-separated list (written over several lines) as a tuple of words."""
    return tuple(word.strip() for word in "".join(lines).split(","))


def _cities(*entries: tuple[str, str]) -> tuple[City, ...]:
    return tuple(City(name, tuple(codes.split())) for name, codes in entries)


REGIONS: Final = (
    Region(
        "Île-de-France",
        12.3,
        1,
        _cities(
            ("Paris", "75005 75011 75012 75015 75017 75018 75020"),
            ("Boulogne-Billancourt", "92100"),
            ("Saint-Denis", "93200"),
            ("Versailles", "78000"),
            ("Créteil", "94000"),
            ("Nanterre", "92000"),
            ("Argenteuil", "95100"),
            ("Évry-Courcouronnes", "91000"),
            ("Meaux", "77100"),
        ),
    ),
    Region(
        "Auvergne-Rhône-Alpes",
        8.1,
        4,
        _cities(
            ("Lyon", "69001 69003 69007"),
            ("Saint-Étienne", "42000"),
            ("Grenoble", "38000"),
            ("Clermont-Ferrand", "63000"),
            ("Annecy", "74000"),
            ("Villeurbanne", "69100"),
            ("Valence", "26000"),
            ("Chambéry", "73000"),
        ),
    ),
    Region(
        "Nouvelle-Aquitaine",
        6.0,
        5,
        _cities(
            ("Bordeaux", "33000 33800"),
            ("Limoges", "87000"),
            ("Poitiers", "86000"),
            ("Pau", "64000"),
            ("La Rochelle", "17000"),
            ("Mérignac", "33700"),
            ("Angoulême", "16000"),
            ("Bayonne", "64100"),
        ),
    ),
    Region(
        "Occitanie",
        6.0,
        5,
        _cities(
            ("Toulouse", "31000 31400"),
            ("Montpellier", "34000"),
            ("Nîmes", "30000"),
            ("Perpignan", "66000"),
            ("Béziers", "34500"),
            ("Narbonne", "11100"),
            ("Albi", "81000"),
            ("Carcassonne", "11000"),
        ),
    ),
    Region(
        "Hauts-de-France",
        6.0,
        3,
        _cities(
            ("Lille", "59000 59800"),
            ("Amiens", "80000"),
            ("Roubaix", "59100"),
            ("Tourcoing", "59200"),
            ("Dunkerque", "59140"),
            ("Calais", "62100"),
            ("Beauvais", "60000"),
            ("Arras", "62000"),
        ),
    ),
    Region(
        "Grand Est",
        5.6,
        3,
        _cities(
            ("Strasbourg", "67000"),
            ("Reims", "51100"),
            ("Metz", "57000"),
            ("Mulhouse", "68100"),
            ("Nancy", "54000"),
            ("Colmar", "68000"),
            ("Troyes", "10000"),
            ("Charleville-Mézières", "08000"),
        ),
    ),
    Region(
        "Provence-Alpes-Côte d'Azur",
        5.1,
        4,
        _cities(
            ("Marseille", "13001 13008"),
            ("Nice", "06000 06300"),
            ("Toulon", "83000"),
            ("Aix-en-Provence", "13100"),
            ("Avignon", "84000"),
            ("Cannes", "06400"),
            ("Antibes", "06600"),
            ("Fréjus", "83600"),
        ),
    ),
    Region(
        "Pays de la Loire",
        3.8,
        2,
        _cities(
            ("Nantes", "44000 44100"),
            ("Angers", "49000"),
            ("Le Mans", "72000"),
            ("Saint-Nazaire", "44600"),
            ("Cholet", "49300"),
            ("La Roche-sur-Yon", "85000"),
            ("Laval", "53000"),
        ),
    ),
    Region(
        "Bretagne",
        3.4,
        2,
        _cities(
            ("Rennes", "35000"),
            ("Brest", "29200"),
            ("Quimper", "29000"),
            ("Lorient", "56100"),
            ("Vannes", "56000"),
            ("Saint-Malo", "35400"),
            ("Saint-Brieuc", "22000"),
        ),
    ),
    Region(
        "Normandie",
        3.3,
        2,
        _cities(
            ("Le Havre", "76600"),
            ("Rouen", "76000"),
            ("Caen", "14000"),
            ("Cherbourg-en-Cotentin", "50100"),
            ("Évreux", "27000"),
            ("Dieppe", "76200"),
            ("Alençon", "61000"),
        ),
    ),
    Region(
        "Bourgogne-Franche-Comté",
        2.8,
        3,
        _cities(
            ("Dijon", "21000"),
            ("Besançon", "25000"),
            ("Belfort", "90000"),
            ("Chalon-sur-Saône", "71100"),
            ("Auxerre", "89000"),
            ("Mâcon", "71000"),
            ("Nevers", "58000"),
        ),
    ),
    Region(
        "Centre-Val de Loire",
        2.6,
        2,
        _cities(
            ("Tours", "37000"),
            ("Orléans", "45000"),
            ("Bourges", "18000"),
            ("Blois", "41000"),
            ("Chartres", "28000"),
            ("Châteauroux", "36000"),
        ),
    ),
    Region(
        "Corse",
        0.35,
        4,
        _cities(("Ajaccio", "20000"), ("Bastia", "20200"), ("Porto-Vecchio", "20137"), ("Corte", "20250")),
    ),
)

FIRST_NAMES: Final = _words(
    "Jean, Marie, Pierre, Michel, Philippe, Nathalie, Isabelle, Sylvie, Catherine, Françoise, "
    "Hélène, Gérard, Bénédicte, Jérôme, Stéphane, Sébastien, Frédéric, Céline, Aurélie, Émilie, "
    "Élodie, Léa, Chloé, Zoé, Inès, Noémie, Mélanie, Valérie, Véronique, Thérèse, Agnès, Josée, "
    "Raphaël, Gaël, Maël, Noël, Loïc, Anaïs, Benoît, François, Jérémy, Clément, Théo, Léo, Hugo, "
    "Lucas, Louis, Gabriel, Arthur, Jules, Nicolas, Julien, Thomas, Alexandre, Antoine, Laurent, "
    "David, Christophe, Olivier, Éric, Patrick, Alain, Bernard, Daniel, Christine, Sophie, Sandrine, "
    "Julie, Camille, Manon, Sarah, Laura, Pauline, Claire, Anne, Monique, Nicole, Martine, Brigitte, "
    "Jacqueline, Josiane, Renée, André, René, Joël, Cédric, Grégory, Mathéo, Éloïse, Maëlys, Océane, "
    "Paul, Yves, Guillaume, Mathieu, Maxime, Romain, Kévin, Quentin, Baptiste, Florian, Adrien, "
    "Solène, Mégane, Gaëlle, Maïwenn, Rémi, Hervé, Dominique, Pascal, Thierry, Jean-Pierre, "
    "Jean-Claude, Jean-François, Jean-Luc, Jean-Marc, Jean-Noël, Marie-Hélène, Marie-Thérèse, "
    "Anne-Sophie, Marie-Claire, Pierre-Yves, Marie-Ève"
)

LAST_NAMES: Final = _words(
    "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, "
    "Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, "
    "Lefebvre, Mercier, Dupont, Lambert, Bonnet, François, Martinez, Legrand, Garnier, Faure, "
    "Rousseau, Blanc, Guérin, Muller, Müller, Henry, Roussel, Nicolas, Perrin, Morin, Mathieu, "
    "Clément, Gauthier, Dumont, Lopez, Fontaine, Chevalier, Robin, Masson, Sanchez, Gérard, Nguyen, "
    "Boyer, Denis, Lemaire, Duval, Joly, Gautier, Roger, Roche, Roy, Noël, Meyer, Lucas, Meunier, "
    "Pérez, Marchand, Dufour, Blanchard, Barbier, Brun, Dumas, Brunet, Schmitt, Leroux, Colin, "
    "Fernandez, Renard, Arnaud, Rolland, Caron, Aubert, Giraud, Leclerc, Vidal, Bourgeois, Renaud, "
    "Lemoine, Picard, Gaillard, Leclercq, Lacroix, Fabre, Dupuis, Olivier, Rodriguez, Da Silva, "
    "Hubert, Charles, Guillot, Rivière, Le Gall, Guillaume, Adam, Rey, Moulin, Gonzalez, Berger, "
    "Lecomte, Ménard, Fleury, Deschamps, Carpentier, Benoît, Maillard, Marchal, Aubry, Vasseur, "
    "Le Roux, Renault, Jacquet, Collet, Prévost, Poirier, Charpentier, Royer, Huet, Baron, Dupuy, "
    "Pons, Carré, Breton, Rémy, Schneider, Perret, Le Goff, Cousin, Bouvier, Hoarau, Lebrun, Besson, "
    "Béranger, Hébert, Lefèvre-Durand, Dubois-Martin, D'Almeida, N'Diaye, Kerbrat, Le Bihan, Bénard, "
    "Chrétien, Thébault, Féraud, Guého"
)

EMAIL_DOMAINS: Final = (
    "gmail.com",
    "orange.fr",
    "free.fr",
    "hotmail.fr",
    "yahoo.fr",
    "laposte.net",
    "sfr.fr",
)
EMAIL_DOMAIN_WEIGHTS: Final = (0.38, 0.18, 0.10, 0.13, 0.09, 0.07, 0.05)
# A mistyped spelling of each domain, in the same order.
EMAIL_DOMAIN_TYPOS: Final = (
    "gmial.com",
    "orange.fe",
    "fre.fr",
    "hotmial.fr",
    "yaho.fr",
    "lapost.net",
    "srf.fr",
)
# What store clerks type when the customer gives no e-mail or phone.
PLACEHOLDER_EMAILS: Final = ("noemail@noemail.com", "pasdemail@magasin.fr", "x@x.fr")
PLACEHOLDER_PHONES: Final = ("0000000000", "0600000000")

STREET_TYPES: Final = ("rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "route")
STREET_NAMES: Final = _words(
    "de la République, Victor Hugo, Jean Jaurès, du Général de Gaulle, Pasteur, de la Gare, "
    "des Écoles, du Moulin, de l'Église, Gambetta, Voltaire, Jules Ferry, des Lilas, du Château, "
    "de Verdun, Émile Zola, Carnot, de la Libération, des Peupliers, du Port"
)

STORE_BRAND_NAME: Final = "Horizon Voyages"

PRODUCT_CATEGORIES: Final = ("beach", "city_break", "cruise", "circuit", "ski", "long_haul", "weekend")
PRODUCT_CATEGORY_WEIGHTS: Final = (0.22, 0.15, 0.10, 0.15, 0.10, 0.13, 0.15)
# Per category: name template, destinations, trip lengths, list price range in euros.
PRODUCT_TEMPLATES: Final = (
    (
        "Séjour plage {place} {length} nuits",
        (
            "Crète",
            "Majorque",
            "Djerba",
            "Agadir",
            "Antalya",
            "Cancún",
            "Punta Cana",
            "Maurice",
            "La Réunion",
            "Guadeloupe",
            "Martinique",
            "Algarve",
        ),
        (7, 10, 14),
        (500, 2500),
    ),
    (
        "Week-end à {place} {length} nuits",
        (
            "Rome",
            "Barcelone",
            "Lisbonne",
            "Prague",
            "Amsterdam",
            "Londres",
            "Berlin",
            "Vienne",
            "Budapest",
            "Séville",
            "Porto",
            "Dublin",
            "New York",
        ),
        (2, 3, 4),
        (200, 900),
    ),
    (
        "Croisière {place} {length} jours",
        ("Méditerranée", "Fjords de Norvège", "Caraïbes", "Baltique", "Nil", "Îles grecques", "Adriatique"),
        (7, 8, 12),
        (900, 5000),
    ),
    (
        "Circuit {place} {length} jours",
        (
            "Pérou",
            "Vietnam",
            "Japon",
            "Costa Rica",
            "Inde du Sud",
            "Ouest américain",
            "Écosse",
            "Islande",
            "Sri Lanka",
            "Jordanie",
            "Ouzbékistan",
        ),
        (8, 12, 15),
        (1200, 5500),
    ),
    (
        "Séjour ski {place} {length} nuits",
        (
            "Val Thorens",
            "Courchevel",
            "Tignes",
            "Les Deux Alpes",
            "La Plagne",
            "Chamonix",
            "Serre Chevalier",
            "Font-Romeu",
            "Avoriaz",
        ),
        (6, 7),
        (400, 2500),
    ),
    (
        "Voyage {place} {length} jours",
        (
            "Thaïlande",
            "Bali",
            "Polynésie",
            "Canada",
            "Australie",
            "Afrique du Sud",
            "Tanzanie",
            "Seychelles",
            "Mexique",
            "Brésil",
        ),
        (10, 14, 21),
        (1500, 6000),
    ),
    (
        "Escapade {place} {length} nuits",
        (
            "Deauville",
            "Saint-Malo",
            "Biarritz",
            "Annecy",
            "Colmar",
            "Étretat",
            "Bruges",
            "Honfleur",
            "Arcachon",
            "Mont-Saint-Michel",
        ),
        (1, 2, 3),
        (200, 600),
    ),
)

CAMPAIGN_CHANNELS: Final = ("email", "sms", "display", "retargeting", "search", "social", "direct_mail")
CAMPAIGN_CHANNEL_WEIGHTS: Final = (0.30, 0.12, 0.14, 0.10, 0.12, 0.12, 0.10)
CAMPAIGN_OBJECTIVES: Final = ("acquisition", "conversion", "retention")
CAMPAIGN_THEMES: Final = (
    "Early booking",
    "Promo été",
    "Ventes flash",
    "Black Friday voyages",
    "Ski dernière minute",
    "Croisières de printemps",
    "Relance devis",
    "Fidélité",
    "Long-courriers d'hiver",
    "Week-ends d'automne",
)
# Typical total spend per campaign channel, in euros.
CAMPAIGN_BASE_COST: Final = (4_000, 6_000, 25_000, 15_000, 20_000, 18_000, 30_000)
