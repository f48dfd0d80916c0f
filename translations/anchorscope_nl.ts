<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>DetectionPanel</name>
    <message>
        <source>image not readable</source>
        <translation>afbeelding niet leesbaar</translation>
    </message>
</context>
<context>
    <name>ReportWriter</name>
    <message>
        <source>measurable loss</source>
        <translation>meetbaar verlies</translation>
    </message>
    <message>
        <source>measurable gain</source>
        <translation>meetbare winst</translation>
    </message>
    <message>
        <source>no measurable loss</source>
        <translation>geen meetbaar verlies</translation>
    </message>
    <message>
        <source>cost relative to the full model (%1)</source>
        <translation>kosten ten opzichte van het volledige model (%1)</translation>
    </message>
    <message>
        <source>AP@[.5:.95]</source>
        <translation>AP@[.5:.95]</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>aanbevolen</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>gekozen</translation>
    </message>
    <message>
        <source>above the full model: noise (interval contains 0)</source>
        <translation>boven het volledige model: ruis (interval bevat 0)</translation>
    </message>
    <message>
        <source>not validated</source>
        <translation>niet gevalideerd</translation>
    </message>
    <message>
        <source>Pareto front: search AP (line) and validation AP with 95 % paired intervals</source>
        <translation>Paretofront: AP op de zoekbeelden (lijn) en validatie-AP met gepaarde 95 %-intervallen</translation>
    </message>
    <message>
        <source>Pareto front on the search images (not validated)</source>
        <translation>Paretofront op de zoekbeelden (niet gevalideerd)</translation>
    </message>
    <message>
        <source>node</source>
        <translation>knoop</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>kosten</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>verwijderd</translation>
    </message>
    <message>
        <source>search AP</source>
        <translation>AP zoekbeelden</translation>
    </message>
    <message>
        <source>validation AP</source>
        <translation>validatie-AP</translation>
    </message>
    <message>
        <source>ΔAP [95 % interval]</source>
        <translation>ΔAP [95 %-interval]</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>betekenis</translation>
    </message>
    <message>
        <source>%1 configurations evaluated by &lt;code&gt;%2&lt;/code&gt;; %3. Front points whose interval contains 0 show no measurable loss; points drawn above the full model are noise unless their interval excludes 0.</source>
        <translation>%1 configuraties geëvalueerd door &lt;code&gt;%2&lt;/code&gt;; %3. Frontpunten waarvan het interval 0 bevat, tonen geen meetbaar verlies; punten boven het volledige model zijn ruis, tenzij hun interval 0 uitsluit.</translation>
    </message>
    <message>
        <source>locally Pareto-optimal (%1)</source>
        <translation>lokaal Pareto-optimaal (%1)</translation>
    </message>
    <message>
        <source>not refined to a local optimum</source>
        <translation>niet verfijnd tot een lokaal optimum</translation>
    </message>
    <message>
        <source>No search was given: no front.</source>
        <translation>Geen zoekopdracht opgegeven: geen front.</translation>
    </message>
    <message>
        <source>#%1 (level %2) %3×%4</source>
        <translation>#%1 (niveau %2) %3×%4</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>niveau %1</translation>
    </message>
    <message>
        <source>Made %1 by Anchorscope %2 from the model &lt;code&gt;%3&lt;/code&gt; (%4, %5 anchors) on %6 search images.</source>
        <translation>Gemaakt op %1 door Anchorscope %2 uit het model &lt;code&gt;%3&lt;/code&gt; (%4, %5 anchors) op %6 zoekbeelden.</translation>
    </message>
    <message>
        <source>Recommended configuration</source>
        <translation>Aanbevolen configuratie</translation>
    </message>
    <message>
        <source>Selected configuration</source>
        <translation>Gekozen configuratie</translation>
    </message>
    <message>
        <source>The full model</source>
        <translation>Het volledige model</translation>
    </message>
    <message>
        <source>%1 of %2 anchors kept, %3 of the head MACs, %4 boxes.</source>
        <translation>%1 van %2 anchors behouden, %3 van de head-MACs, %4 boxen.</translation>
    </message>
    <message>
        <source>Search images: AP %1 (full model %2).</source>
        <translation>Zoekbeelden: AP %1 (volledig model %2).</translation>
    </message>
    <message>
        <source>Validation images: AP %1 (full model %2), ΔAP %3 [%4, %5] on %6 validation images — %7.</source>
        <translation>Validatiebeelden: AP %1 (volledig model %2), ΔAP %3 [%4, %5] op %6 validatiebeelden — %7.</translation>
    </message>
    <message>
        <source>The interval lies at or above −%1: the promise holds on images the search never saw.</source>
        <translation>Het interval ligt op of boven −%1: de belofte houdt stand op beelden die de zoektocht nooit zag.</translation>
    </message>
    <message>
        <source>The interval reaches below −%1: this configuration may lose more than allowed.</source>
        <translation>Het interval reikt tot onder −%1: deze configuratie kan meer verliezen dan toegestaan.</translation>
    </message>
    <message>
        <source>Not validated: these numbers are on the search images, where the best-looking configurations are the luckiest. Give validation images (--validation-cache or --validation-split).</source>
        <translation>Niet gevalideerd: deze getallen gelden voor de zoekbeelden, waar de best ogende configuraties de gelukkigste zijn. Geef validatiebeelden op (--validation-cache of --validation-split).</translation>
    </message>
    <message>
        <source>UNVALIDATED</source>
        <translation>NIET GEVALIDEERD</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Paretofront</translation>
    </message>
    <message>
        <source>Anchors of the configuration</source>
        <translation>Anchors van de configuratie</translation>
    </message>
    <message>
        <source>per level, every anchor&apos;s prior box: checked = kept</source>
        <translation>per niveau de priorbox van elke anchor: aangevinkt = behouden</translation>
    </message>
    <message>
        <source>Predicted boxes per anchor</source>
        <translation>Voorspelde boxen per anchor</translation>
    </message>
    <message>
        <source>confident candidates&apos; (w, h) per anchor, priors as large markers, ground truth in grey</source>
        <translation>(w, h) van de zekere kandidaten per anchor, priors als grote markeringen, grondwaarheid in grijs</translation>
    </message>
    <message>
        <source>Redundancy and leave-one-out ΔAP</source>
        <translation>Redundantie en leave-one-out-ΔAP</translation>
    </message>
    <message>
        <source>R[i][j]: share of anchor i&apos;s confident candidates covered by one of anchor j</source>
        <translation>R[i][j]: aandeel van de zekere kandidaten van anchor i dat door een van anchor j wordt gedekt</translation>
    </message>
    <message>
        <source>ΔAP on the search images without each anchor</source>
        <translation>ΔAP op de zoekbeelden zonder elke anchor afzonderlijk</translation>
    </message>
    <message>
        <source>category</source>
        <translation>categorie</translation>
    </message>
    <message>
        <source>all (AP@[.5:.95])</source>
        <translation>alle (AP@[.5:.95])</translation>
    </message>
    <message>
        <source>Per-class AP</source>
        <translation>AP per klasse</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>anchors</source>
        <translation>anchors</translation>
    </message>
    <message>
        <source>head MACs</source>
        <translation>head-MACs</translation>
    </message>
    <message>
        <source>boxes</source>
        <translation>boxen</translation>
    </message>
    <message>
        <source>head parameters</source>
        <translation>head-parameters</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>parameters</translation>
    </message>
    <message>
        <source>candidates / image</source>
        <translation>kandidaten / beeld</translation>
    </message>
    <message>
        <source>post-processing ms (this machine)</source>
        <translation>nabewerking ms (deze machine)</translation>
    </message>
    <message>
        <source>Before and after retraining</source>
        <translation>Voor en na hertraining</translation>
    </message>
    <message>
        <source>holdout AP</source>
        <translation>holdout-AP</translation>
    </message>
    <message>
        <source>search AP50</source>
        <translation>AP50 zoekbeelden</translation>
    </message>
    <message>
        <source>holdout AP50</source>
        <translation>holdout-AP50</translation>
    </message>
    <message>
        <source>The holdout split is the demo&apos;s validation images. Retrained for %1 epochs in %2 s.</source>
        <translation>De holdout-splitsing is de validatieset van de demo. Opnieuw getraind gedurende %1 epochs in %2 s.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>bestand</translation>
    </message>
    <message>
        <source>path</source>
        <translation>pad</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>Herkomst</translation>
    </message>
</context>
<context>
    <name>SearchStrategy</name>
    <message>
        <source>Pareto local search from a seed front (ranked&apos;s): flips and swaps until no front point has a better neighbour</source>
        <translation>Pareto-lokaal zoeken vanaf een startfront (dat van ranked): wisselingen en ruilen tot geen frontpunt een betere buur heeft</translation>
    </message>
    <message>
        <source>the published search (reference mode): one more anchor per step, AP rounded to 3 decimals, local fronts</source>
        <translation>de gepubliceerde zoekmethode (referentiemodus): één anchor meer per stap, AP afgerond op 3 decimalen, lokale fronten</translation>
    </message>
    <message>
        <source>rank the units by AP lost per cost saved, remove them in that order while AP stays at or above min AP</source>
        <translation>rangschik de eenheden naar AP-verlies per bespaarde kosten en verwijder ze in die volgorde zolang de AP op of boven de minimale AP blijft</translation>
    </message>
    <message>
        <source>follow the child with the most cost saved per AP lost, every child evaluated</source>
        <translation>volg het kind met de meeste bespaarde kosten per verloren AP; elk kind wordt geëvalueerd</translation>
    </message>
    <message>
        <source>the paper search one level at a time (heads with per-level convs)</source>
        <translation>de zoekmethode van het artikel, één niveau tegelijk (heads met convoluties per niveau)</translation>
    </message>
    <message>
        <source>the paper search over shared units: an anchor index on every level, or a whole level</source>
        <translation>de zoekmethode van het artikel over gedeelde eenheden: een anchorindex op elk niveau, of een heel niveau</translation>
    </message>
    <message>
        <source>every subset of the units: the true front, for small spaces only</source>
        <translation>elke deelverzameling van de eenheden: het echte front, alleen voor kleine ruimten</translation>
    </message>
</context>
<context>
    <name>anchorscope::AnalysisPage</name>
    <message>
        <source>Analyze</source>
        <translation>Analyseren</translation>
    </message>
    <message>
        <source>IoU at which a candidate of anchor j covers one of anchor i</source>
        <translation>IoU waarbij een kandidaat van anker j er een van anker i dekt</translation>
    </message>
    <message>
        <source>a covering candidate needs at least this share of the covered one&apos;s score</source>
        <translation>een dekkende kandidaat heeft minstens dit deel van de score van de gedekte nodig</translation>
    </message>
    <message>
        <source>confidence threshold for the candidates analysed</source>
        <translation>betrouwbaarheidsdrempel voor de geanalyseerde kandidaten</translation>
    </message>
    <message>
        <source>τ (IoU):</source>
        <translation>τ (IoU):</translation>
    </message>
    <message>
        <source>α (score share):</source>
        <translation>α (scoredeel):</translation>
    </message>
    <message>
        <source>score ≥</source>
        <translation>score ≥</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No analysis yet.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The analysis shows which anchors predict what other anchors already predict (the redundancy heatmap, with the AP each anchor&apos;s removal costs) and the boxes each anchor predicts against its prior and the ground truth.&lt;/p&gt;&lt;p&gt;Open a session, then press &lt;i&gt;Analyze&lt;/i&gt;, or the inspect button of an anchor in the pruning view.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Nog geen analyse.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;De analyse toont welke ankers voorspellen wat andere ankers al voorspellen (de redundantie-heatmap, met de AP die het verwijderen van elk anker kost) en de boxen die elk anker voorspelt, naast zijn prior en de ground truth.&lt;/p&gt;&lt;p&gt;Open een sessie en druk dan op &lt;i&gt;Analyseren&lt;/i&gt;, of op de inspecteerknop van een anker in de weergave Snoeien.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Analyze the session to see which anchors duplicate which.</source>
        <translation>Analyseer de sessie om te zien welke ankers elkaar dupliceren.</translation>
    </message>
    <message>
        <source>anchor %1 covered by anchor %2: %3 of its confident candidates</source>
        <translation>anker %1 gedekt door anker %2: %3 van zijn zekere kandidaten</translation>
    </message>
    <message>
        <source>baseline AP %1 · best-possible recall of the anchors %2 · click a cell to compare two anchors</source>
        <translation>AP van het volledige model %1 · best mogelijke recall van de ankers %2 · klik op een cel om twee ankers te vergelijken</translation>
    </message>
</context>
<context>
    <name>anchorscope::AnchorGridView</name>
    <message>
        <source>Level %1 — %2×%3 cells, %4 anchors</source>
        <translation>Niveau %1 — %2×%3 cellen, %4 ankers</translation>
    </message>
    <message>
        <source>#%1  %2×%3</source>
        <translation>#%1  %2×%3</translation>
    </message>
    <message>
        <source>anchor %1: level %2, index %3, %4 × %5 px, scale %6, ratio h/w %7</source>
        <translation>anker %1: niveau %2, index %3, %4 × %5 px, schaal %6, verhouding h/b %7</translation>
    </message>
    <message>
        <source> — no cached candidates: removing it changes no detection</source>
        <translation> — geen kandidaten in de cache: verwijderen verandert geen enkele detectie</translation>
    </message>
    <message>
        <source>Show the boxes anchor %1 predicts (Analysis view)</source>
        <translation>Toon de boxen die anker %1 voorspelt (weergave Analyse)</translation>
    </message>
</context>
<context>
    <name>anchorscope::BoxDistributionPlot</name>
    <message>
        <source>true positives only</source>
        <translation>alleen terecht-positieven</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Niveau:</translation>
    </message>
    <message>
        <source>Minimum score:</source>
        <translation>Minimale score:</translation>
    </message>
    <message>
        <source>box width (input pixels)</source>
        <translation>boxbreedte (invoerpixels)</translation>
    </message>
    <message>
        <source>box height (input pixels)</source>
        <translation>boxhoogte (invoerpixels)</translation>
    </message>
    <message>
        <source>%1: %2 × %3 px</source>
        <translation>%1: %2 × %3 px</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>niveau %1</translation>
    </message>
    <message>
        <source>ground truth</source>
        <translation>grondwaarheid</translation>
    </message>
    <message>
        <source>prior %1</source>
        <translation>prior %1</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n punt</numerusform>
            <numerusform>%n punten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>anchorscope::ClusterDialog</name>
    <message>
        <source>Run on a cluster</source>
        <translation>Op een cluster uitvoeren</translation>
    </message>
    <message>
        <source>Retrains the selected configuration of the saved project with torchrun on every node. The model is written by rank 0 to the path of the retrain panel; paths must be the same on the cluster (a shared file system).</source>
        <translation>Hertraint de gekozen configuratie van het opgeslagen project met torchrun op elke node. Rang 0 schrijft het model naar het pad uit het hertrainpaneel; de paden moeten op het cluster dezelfde zijn (een gedeeld bestandssysteem).</translation>
    </message>
    <message>
        <source>Program on the nodes:</source>
        <translation>Programma op de nodes:</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Nodes:</translation>
    </message>
    <message>
        <source>Processes (GPUs) per node:</source>
        <translation>Processen (GPU&apos;s) per node:</translation>
    </message>
    <message>
        <source>Batch per process:</source>
        <translation>Batch per proces:</translation>
    </message>
    <message>
        <source>cuda (one GPU per process)</source>
        <translation>cuda (één GPU per proces)</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>cpu</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Apparaat:</translation>
    </message>
    <message>
        <source>torchrun command (run it on every node; MASTER_ADDR: the first node):</source>
        <translation>torchrun-opdracht (op elke node uitvoeren; MASTER_ADDR: de eerste node):</translation>
    </message>
    <message>
        <source>Slurm batch script (sbatch):</source>
        <translation>Slurm-batchscript (sbatch):</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Opdracht kopiëren</translation>
    </message>
    <message>
        <source>Copy script</source>
        <translation>Script kopiëren</translation>
    </message>
    <message>
        <source>Save script…</source>
        <translation>Script opslaan…</translation>
    </message>
    <message>
        <source>Save the Slurm script</source>
        <translation>Slurm-script opslaan</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh *.sbatch)</source>
        <translation>Shellscripts (*.sh *.sbatch)</translation>
    </message>
    <message>
        <source>Cannot save the script</source>
        <translation>Kan het script niet opslaan</translation>
    </message>
</context>
<context>
    <name>anchorscope::DetectionView</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Vorige</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Volgende ▶</translation>
    </message>
    <message>
        <source>Minimum score:</source>
        <translation>Minimale score:</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2ca02c&apos;&gt;■&lt;/span&gt; ground truth found · &lt;span style=&apos;color:#ff7f0e&apos;&gt;■&lt;/span&gt; missed · &lt;span style=&apos;color:#1f77b4&apos;&gt;■&lt;/span&gt; true positive · &lt;span style=&apos;color:#d62728&apos;&gt;■&lt;/span&gt; false positive · &lt;span style=&apos;color:#969696&apos;&gt;■&lt;/span&gt; crowd / difficult (ignored)</source>
        <translation>&lt;span style=&apos;color:#2ca02c&apos;&gt;■&lt;/span&gt; grondwaarheid gevonden · &lt;span style=&apos;color:#ff7f0e&apos;&gt;■&lt;/span&gt; gemist · &lt;span style=&apos;color:#1f77b4&apos;&gt;■&lt;/span&gt; terecht-positief · &lt;span style=&apos;color:#d62728&apos;&gt;■&lt;/span&gt; fout-positief · &lt;span style=&apos;color:#969696&apos;&gt;■&lt;/span&gt; menigte / moeilijk (genegeerd)</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>Geen sessie.</translation>
    </message>
    <message>
        <source>Image %1 of %2 · %3</source>
        <translation>Afbeelding %1 van %2 · %3</translation>
    </message>
    <message>
        <source>TP %1 · FP %2 · FN %3</source>
        <translation>TP %1 · FP %2 · FN %3</translation>
    </message>
</context>
<context>
    <name>anchorscope::EvaluationPage</name>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>IoU %1</source>
        <translation>IoU %1</translation>
    </message>
</context>
<context>
    <name>anchorscope::ExportDialog</name>
    <message>
        <source>Prune and export</source>
        <translation>Snoeien en exporteren</translation>
    </message>
    <message>
        <source>Anchorscope package (TorchScript + metadata, .aspt)</source>
        <translation>Anchorscope-pakket (TorchScript + metadata, .aspt)</translation>
    </message>
    <message>
        <source>End-to-end TorchScript (decode and NMS inside; runs without Anchorscope)</source>
        <translation>End-to-end TorchScript (decodering en NMS inbegrepen; werkt zonder Anchorscope)</translation>
    </message>
    <message>
        <source>State dict (plain dict of tensors)</source>
        <translation>State dict (gewone dict van tensoren)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Formaat:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Bestand:</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exporteren naar</translation>
    </message>
    <message>
        <source>also write a JSON report (anchors, cost, provenance, post-processing)</source>
        <translation>ook een JSON-rapport schrijven (ankers, kosten, herkomst, nabewerking)</translation>
    </message>
    <message>
        <source>ONNX for OpenCV DNN and other runtimes (raw outputs; anchors and post-processing in a JSON beside it)</source>
        <translation>ONNX voor OpenCV DNN en andere runtimes (ruwe uitvoer; anchors en nabewerking in een JSON ernaast)</translation>
    </message>
    <message>
        <source>torchvision (a folder: model.py builds the detector, model.pth its weights; imported models)</source>
        <translation>torchvision (een map: model.py bouwt de detector, model.pth de gewichten; geïmporteerde modellen)</translation>
    </message>
</context>
<context>
    <name>anchorscope::LabelMapDialog</name>
    <message>
        <source>Label map</source>
        <translation>Labelkoppeling</translation>
    </message>
    <message>
        <source>Which dataset category each class of the model predicts. Classes set to “not evaluated” are ignored; changing the map recomputes the prediction cache.</source>
        <translation>Welke datasetcategorie elke klasse van het model voorspelt. Klassen op „niet geëvalueerd” worden genegeerd; een gewijzigde koppeling berekent de voorspellingscache opnieuw.</translation>
    </message>
    <message>
        <source>Model class</source>
        <translation>Modelklasse</translation>
    </message>
    <message>
        <source>Dataset category</source>
        <translation>Datasetcategorie</translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation>Gekoppeld via</translation>
    </message>
    <message>
        <source>%1 (column %2, id %3)</source>
        <translation>%1 (kolom %2, id %3)</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>niet geëvalueerd</translation>
    </message>
    <message>
        <source>%1 (id %2)</source>
        <translation>%1 (id %2)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>gebruiker</translation>
    </message>
</context>
<context>
    <name>anchorscope::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Anchorscope</source>
        <translation>Anchorscope</translation>
    </message>
    <message>
        <source>Open a model and a dataset, a project, a prediction cache or the demo (File menu).</source>
        <translation>Open een model met een dataset, een project, een voorspellingscache of de demo (menu Bestand).</translation>
    </message>
    <message>
        <source>%1 — about %2 s left</source>
        <translation>%1 — nog ongeveer %2 s</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Geannuleerd.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;New session (model + dataset)…</source>
        <translation>&amp;Nieuwe sessie (model + dataset)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Project &amp;openen…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Project openen</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Recent geopend</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>Project op&amp;slaan</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Project opslaan</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Project opslaan &amp;als…</translation>
    </message>
    <message>
        <source>Open prediction &amp;cache…</source>
        <translation>Voorspellings&amp;cache openen…</translation>
    </message>
    <message>
        <source>Open &amp;demo</source>
        <translation>&amp;Demo openen</translation>
    </message>
    <message>
        <source>&amp;Evaluate detections…</source>
        <translation>Detecties &amp;evalueren…</translation>
    </message>
    <message>
        <source>Export frontier as &amp;PNG/PDF…</source>
        <translation>Front exporteren als &amp;PNG/PDF…</translation>
    </message>
    <message>
        <source>Export frontier</source>
        <translation>Front exporteren</translation>
    </message>
    <message>
        <source>Images (*.png *.pdf)</source>
        <translation>Afbeeldingen (*.png *.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Exporteren mislukt</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Kon %1 niet schrijven</translation>
    </message>
    <message>
        <source>Export frontier table as CS&amp;V…</source>
        <translation>Fronttabel exporteren als CS&amp;V…</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Tabel exporteren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sessie</translation>
    </message>
    <message>
        <source>&amp;Label map…</source>
        <translation>&amp;Labelkoppeling…</translation>
    </message>
    <message>
        <source>&amp;Calibrate latency</source>
        <translation>Latentie &amp;kalibreren</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluatie</translation>
    </message>
    <message>
        <source>Ground truth (COCO JSON)</source>
        <translation>Grondwaarheid (COCO JSON)</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Detections (COCO results)</source>
        <translation>Detecties (COCO-resultaten)</translation>
    </message>
    <message>
        <source>COCO results (*.json)</source>
        <translation>COCO-resultaten (*.json)</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Detections</source>
        <translation>Detecties</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>Snoeien</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>het model</translation>
    </message>
    <message>
        <source>the dataset</source>
        <translation>de dataset</translation>
    </message>
    <message>
        <source>the images folder</source>
        <translation>de afbeeldingenmap</translation>
    </message>
    <message>
        <source>Prediction cache</source>
        <translation>Voorspellingscache</translation>
    </message>
    <message>
        <source>Prediction caches (*.cache)</source>
        <translation>Voorspellingscaches (*.cache)</translation>
    </message>
    <message>
        <source>File moved</source>
        <translation>Bestand verplaatst</translation>
    </message>
    <message>
        <source>%1 of this project is no longer at
%2
Where is it now?</source>
        <translation>%1 van dit project staat niet meer op
%2
Waar staat het nu?</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>%1 — Anchorscope</source>
        <translation>%1 — Anchorscope</translation>
    </message>
    <message>
        <source>No label map</source>
        <translation>Geen labelkoppeling</translation>
    </message>
    <message>
        <source>A label map belongs to a session of a model and a dataset.</source>
        <translation>Een labelkoppeling hoort bij een sessie van een model en een dataset.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>Ins&amp;tellingen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Taal</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systeemstandaard</translation>
    </message>
    <message>
        <source>The language changes when Anchorscope is started again.</source>
        <translation>De taal verandert wanneer Anchorscope opnieuw wordt gestart.</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrieken</translation>
    </message>
    <message>
        <source>&amp;Prune and export the selection…</source>
        <translation>De selectie s&amp;noeien en exporteren…</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Niets om te exporteren</translation>
    </message>
    <message>
        <source>Exporting needs a session of a model and a dataset.</source>
        <translation>Exporteren vraagt een sessie van een model en een dataset.</translation>
    </message>
    <message>
        <source>The selected configuration removes %1 of %2 anchors: head MACs %3 % of the full model, %4 boxes, AP %5 (full model %6) on the session&apos;s images.</source>
        <translation>De gekozen configuratie verwijdert %1 van %2 ankers: MACs van de kop %3 % van het volledige model, %4 boxen, AP %5 (volledig model %6) op de afbeeldingen van de sessie.</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Hertrainen</translation>
    </message>
    <message>
        <source>%1 — %2 s</source>
        <translation>%1 — %2 s</translation>
    </message>
    <message>
        <source>Anchorscope projects (%1)</source>
        <translation>Anchorscope-projecten (%1)</translation>
    </message>
    <message>
        <source>Project changed on disk</source>
        <translation>Project gewijzigd op schijf</translation>
    </message>
    <message>
        <source>%1 was changed by another program (a headless run, another window).
Reload it? Unsaved changes in this window are lost.</source>
        <translation>%1 is gewijzigd door een ander programma (een run zonder venster, een ander venster).
Opnieuw laden? Niet-opgeslagen wijzigingen in dit venster gaan verloren.</translation>
    </message>
    <message>
        <source>the prediction cache</source>
        <translation>de voorspellingscache</translation>
    </message>
    <message>
        <source>A pickled model</source>
        <translation>Een gepickled model</translation>
    </message>
    <message>
        <source>%1 holds a whole pickled model, not only weights. Loading it runs code stored in the file, with your rights.
Load it only if you trust where it came from. Load it?</source>
        <translation>%1 bevat een volledig gepickled model, niet alleen gewichten. Laden voert code uit die in het bestand staat, met uw rechten.
Laad het alleen als u de herkomst vertrouwt. Laden?</translation>
    </message>
    <message>
        <source>RetinaNet input size</source>
        <translation>Invoergrootte van RetinaNet</translation>
    </message>
    <message>
        <source>RetinaNet resizes each image so that its shorter side is the minimum size, unless its longer side would then exceed the maximum. The model&apos;s own sizes are filled in; use the sizes it was trained and is deployed with.</source>
        <translation>RetinaNet schaalt elke afbeelding zo dat de kortste zijde de minimale grootte is, tenzij de langste zijde dan het maximum overschrijdt. De eigen groottes van het model zijn ingevuld; gebruik de groottes waarmee het getraind is en ingezet wordt.</translation>
    </message>
    <message>
        <source>Minimum size (shorter side):</source>
        <translation>Minimale grootte (kortste zijde):</translation>
    </message>
    <message>
        <source>Maximum size (longer side):</source>
        <translation>Maximale grootte (langste zijde):</translation>
    </message>
    <message>
        <source>the validation dataset</source>
        <translation>de validatiedataset</translation>
    </message>
    <message>
        <source>Export &amp;report…</source>
        <translation>&amp;Rapport exporteren…</translation>
    </message>
    <message>
        <source>Nothing to report</source>
        <translation>Niets om te rapporteren</translation>
    </message>
    <message>
        <source>A report needs a session.</source>
        <translation>Een rapport heeft een sessie nodig.</translation>
    </message>
    <message>
        <source>Folder for the report (index.html and its pictures)</source>
        <translation>Map voor het rapport (index.html en de afbeeldingen)</translation>
    </message>
</context>
<context>
    <name>anchorscope::MetricsPage</name>
    <message>
        <source>PR curve at IoU:</source>
        <translation>PR-curve bij IoU:</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categorie</translation>
    </message>
    <message>
        <source>AP full model</source>
        <translation>AP volledig model</translation>
    </message>
    <message>
        <source>AP selected</source>
        <translation>AP gekozen</translation>
    </message>
    <message>
        <source>Δ</source>
        <translation>Δ</translation>
    </message>
    <message>
        <source>full model</source>
        <translation>volledig model</translation>
    </message>
    <message>
        <source>selected configuration</source>
        <translation>gekozen configuratie</translation>
    </message>
</context>
<context>
    <name>anchorscope::ModelValidator</name>
    <message>
        <source>anchorscope-cli was not found, so the model cannot be checked safely before it is opened. Install it beside the application or set ANCHORSCOPE_CLI.</source>
        <translation>anchorscope-cli is niet gevonden, dus het model kan niet veilig worden gecontroleerd voordat het wordt geopend. Installeer het naast de toepassing of stel ANCHORSCOPE_CLI in.</translation>
    </message>
    <message>
        <source>checking the model took longer than %1 s and was stopped</source>
        <translation>het controleren van het model duurde langer dan %1 s en is gestopt</translation>
    </message>
    <message>
        <source>the model crashed the process that checked it, so it was not opened (it would have taken Anchorscope down). It may be damaged or made for another version of LibTorch.</source>
        <translation>het model liet het proces dat het controleerde crashen, dus het is niet geopend (het zou Anchorscope hebben laten vastlopen). Het is misschien beschadigd of gemaakt voor een andere versie van LibTorch.</translation>
    </message>
    <message>
        <source>the model is not valid (exit code %1)</source>
        <translation>het model is niet geldig (afsluitcode %1)</translation>
    </message>
    <message>
        <source>cannot start %1 to check the model: %2</source>
        <translation>kan %1 niet starten om het model te controleren: %2</translation>
    </message>
</context>
<context>
    <name>anchorscope::NewSessionDialog</name>
    <message>
        <source>New session</source>
        <translation>Nieuwe sessie</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Dataset:</translation>
    </message>
    <message>
        <source>COCO file…</source>
        <translation>COCO-bestand…</translation>
    </message>
    <message>
        <source>COCO annotations</source>
        <translation>COCO-annotaties</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>VOC / YOLO folder…</source>
        <translation>VOC-/YOLO-map…</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datasetmap</translation>
    </message>
    <message>
        <source>Images (optional):</source>
        <translation>Afbeeldingen (optioneel):</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Afbeeldingenmap</translation>
    </message>
    <message>
        <source>default: the format&apos;s images folder</source>
        <translation>standaard: de afbeeldingenmap van het formaat</translation>
    </message>
    <message>
        <source>Models (*.aspt *.pt *.pth);;Anchorscope models (*.aspt);;torchvision checkpoints (*.pt *.pth)</source>
        <translation>Modellen (*.aspt *.pt *.pth);;Anchorscope-modellen (*.aspt);;torchvision-checkpoints (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Hold out part of the dataset (recommended)</source>
        <translation>Een deel van de dataset achterhouden (aanbevolen)</translation>
    </message>
    <message>
        <source>A second dataset</source>
        <translation>Een tweede dataset</translation>
    </message>
    <message>
        <source>None (the front stays unvalidated)</source>
        <translation>Geen (het front blijft ongevalideerd)</translation>
    </message>
    <message>
        <source>The share of the images held out for validation, chosen by image with a fixed seed</source>
        <translation>Het aandeel van de afbeeldingen dat voor validatie wordt achtergehouden, per afbeelding gekozen met een vaste seed</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>Validatie:</translation>
    </message>
    <message>
        <source>Validation dataset:</source>
        <translation>Validatiedataset:</translation>
    </message>
    <message>
        <source>Validation annotations</source>
        <translation>Validatieannotaties</translation>
    </message>
    <message>
        <source>the same categories, other images</source>
        <translation>dezelfde categorieën, andere afbeeldingen</translation>
    </message>
</context>
<context>
    <name>anchorscope::ParetoPlot</name>
    <message>
        <source>evaluated</source>
        <translation>geëvalueerd</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Paretofront</translation>
    </message>
    <message>
        <source>full model</source>
        <translation>volledig model</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>gekozen</translation>
    </message>
    <message>
        <source>head MACs (fraction of the full model)</source>
        <translation>MACs van de kop (deel van het volledige model)</translation>
    </message>
    <message>
        <source>AP@[.50:.95]</source>
        <translation>AP@[.50:.95]</translation>
    </message>
    <message>
        <source>search → validation</source>
        <translation>zoeken → validatie</translation>
    </message>
    <message>
        <source>on the validation images</source>
        <translation>op de validatieafbeeldingen</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>aanbevolen</translation>
    </message>
</context>
<context>
    <name>anchorscope::PrCurvePlot</name>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisie</translation>
    </message>
</context>
<context>
    <name>anchorscope::PruningPage</name>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Kosten:</translation>
    </message>
    <message>
        <source>head MACs</source>
        <translation>MACs van de kop</translation>
    </message>
    <message>
        <source>boxes</source>
        <translation>boxen</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>latentie</translation>
    </message>
    <message>
        <source>Accuracy:</source>
        <translation>Nauwkeurigheid:</translation>
    </message>
    <message>
        <source>No configuration yet.</source>
        <translation>Nog geen configuratie.</translation>
    </message>
    <message>
        <source>%1 relative to the full model</source>
        <translation>%1 ten opzichte van het volledige model</translation>
    </message>
    <message>
        <source>AP %1 (Δ %2) · AP50 %3 · head MACs %4% · boxes %5 · %6 anchors removed</source>
        <translation>AP %1 (Δ %2) · AP50 %3 · MACs van de kop %4% · boxen %5 · %6 ankers verwijderd</translation>
    </message>
    <message>
        <source>Error bars</source>
        <translation>Foutbalken</translation>
    </message>
    <message>
        <source>The 95 % paired bootstrap interval of each validated point&apos;s ΔAP, drawn around its validation marker</source>
        <translation>Het gepaarde 95 %-bootstrapinterval van de ΔAP van elk gevalideerd punt, rond zijn validatiemarkering getekend</translation>
    </message>
    <message>
        <source>Unvalidated: this session has no validation images, so AP differences of a few thousandths may be noise and no point is recommended.</source>
        <translation>Ongevalideerd: deze sessie heeft geen validatieafbeeldingen, dus AP-verschillen van enkele duizendsten kunnen ruis zijn en er wordt geen punt aanbevolen.</translation>
    </message>
    <message>
        <source>Validating on %1 images…</source>
        <translation>Valideren op %1 afbeeldingen…</translation>
    </message>
    <message>
        <source>Full model: AP %1 on %2 validation images.</source>
        <translation>Volledig model: AP %1 op %2 validatieafbeeldingen.</translation>
    </message>
    <message>
        <source>no measurable loss; its gain on the search images is noise</source>
        <translation>geen meetbaar verlies; de winst op de zoekafbeeldingen is ruis</translation>
    </message>
    <message>
        <source>no measurable loss</source>
        <translation>geen meetbaar verlies</translation>
    </message>
    <message>
        <source>a measurable loss</source>
        <translation>een meetbaar verlies</translation>
    </message>
    <message>
        <source>a measurable gain over the full model</source>
        <translation>een meetbare winst ten opzichte van het volledige model</translation>
    </message>
    <message>
        <source>; it may lose more than the allowed %1</source>
        <translation>; het kan meer verliezen dan de toegestane %1</translation>
    </message>
    <message>
        <source> · recommended</source>
        <translation> · aanbevolen</translation>
    </message>
    <message>
        <source>Validation: AP %1 · ΔAP %2 [%3, %4] on %5 validation images — %6</source>
        <translation>Validatie: AP %1 · ΔAP %2 [%3, %4] op %5 validatieafbeeldingen — %6</translation>
    </message>
</context>
<context>
    <name>anchorscope::RedundancyHeatmap</name>
    <message>
        <source>share of i covered by j</source>
        <translation>deel van i gedekt door j</translation>
    </message>
    <message>
        <source>anchor j (covering)</source>
        <translation>anker j (dekkend)</translation>
    </message>
    <message>
        <source>anchor i (covered)</source>
        <translation>anker i (gedekt)</translation>
    </message>
    <message>
        <source>anchor</source>
        <translation>anker</translation>
    </message>
    <message>
        <source>ΔAP without it</source>
        <translation>ΔAP zonder dit anker</translation>
    </message>
</context>
<context>
    <name>anchorscope::RetrainPage</name>
    <message>
        <source>fine-tune: keep BatchNorm statistics frozen</source>
        <translation>fijnafstemmen: BatchNorm-statistieken bevroren houden</translation>
    </message>
    <message>
        <source>measure AP on the session&apos;s images after every epoch</source>
        <translation>AP meten op de afbeeldingen van de sessie na elke epoch</translation>
    </message>
    <message>
        <source>Prune and retrain the selection</source>
        <translation>De selectie snoeien en opnieuw trainen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Training data:</source>
        <translation>Trainingsdata:</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Trainingsdata</translation>
    </message>
    <message>
        <source>Holdout data (optional):</source>
        <translation>Testdata (optioneel):</translation>
    </message>
    <message>
        <source>Holdout data</source>
        <translation>Testdata</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochs:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Leersnelheid:</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Opslaan als:</translation>
    </message>
    <message>
        <source>AP before</source>
        <translation>AP vooraf</translation>
    </message>
    <message>
        <source>AP after</source>
        <translation>AP achteraf</translation>
    </message>
    <message>
        <source>AP50 before</source>
        <translation>AP50 vooraf</translation>
    </message>
    <message>
        <source>AP50 after</source>
        <translation>AP50 achteraf</translation>
    </message>
    <message>
        <source>session images</source>
        <translation>afbeeldingen van de sessie</translation>
    </message>
    <message>
        <source>holdout</source>
        <translation>testset</translation>
    </message>
    <message>
        <source>Run on a cluster…</source>
        <translation>Op een cluster uitvoeren…</translation>
    </message>
    <message>
        <source>Runs on:</source>
        <translation>Draait op:</translation>
    </message>
    <message>
        <source>CUDA (GPU)</source>
        <translation>CUDA (GPU)</translation>
    </message>
    <message>
        <source>CPU (this build has no CUDA)</source>
        <translation>CPU (deze build heeft geen CUDA)</translation>
    </message>
    <message>
        <source>Run on a cluster</source>
        <translation>Op een cluster uitvoeren</translation>
    </message>
    <message>
        <source>Save the project first: the cluster run reads the project (model, images and the selected configuration) from its file.</source>
        <translation>Sla eerst het project op: de clusterrun leest het project (model, afbeeldingen en de gekozen configuratie) uit het bestand.</translation>
    </message>
</context>
<context>
    <name>anchorscope::SessionController</name>
    <message>
        <source>Checking the model…</source>
        <translation>Het model wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Matching the model&apos;s classes to the dataset</source>
        <translation>De klassen van het model aan de dataset koppelen</translation>
    </message>
    <message>
        <source>Cannot open the model and dataset</source>
        <translation>Kan het model en de dataset niet openen</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>Kan het model niet openen</translation>
    </message>
    <message>
        <source>Preparing the demo</source>
        <translation>De demo voorbereiden</translation>
    </message>
    <message>
        <source>Cannot prepare the demo</source>
        <translation>Kan de demo niet voorbereiden</translation>
    </message>
    <message>
        <source>Opening was cancelled.</source>
        <translation>Het openen is geannuleerd.</translation>
    </message>
    <message>
        <source>Opening the session</source>
        <translation>De sessie openen</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>Kan de sessie niet openen</translation>
    </message>
    <message>
        <source>%1 images, %2 candidates above %3, %4 anchors%5</source>
        <translation>%1 afbeeldingen, %2 kandidaten boven %3, %4 ankers%5</translation>
    </message>
    <message>
        <source> (prediction cache computed)</source>
        <translation> (voorspellingscache berekend)</translation>
    </message>
    <message>
        <source>Search results not restored</source>
        <translation>Zoekresultaten niet hersteld</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 openen</translation>
    </message>
    <message>
        <source>A file of the project changed since it was saved: the prediction cache and the search results are recomputed.</source>
        <translation>Een bestand van het project is gewijzigd sinds het werd opgeslagen: de voorspellingscache en de zoekresultaten worden opnieuw berekend.</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>Kan het project niet openen</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>%1 controleren</translation>
    </message>
    <message>
        <source>That is not the file the project was saved with: the prediction cache and the search results are recomputed.</source>
        <translation>Dat is niet het bestand waarmee het project werd opgeslagen: de voorspellingscache en de zoekresultaten worden opnieuw berekend.</translation>
    </message>
    <message>
        <source>Cannot use that file</source>
        <translation>Kan dat bestand niet gebruiken</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Niets om op te slaan</translation>
    </message>
    <message>
        <source>Open a model and a dataset, a cache or the demo first.</source>
        <translation>Open eerst een model met een dataset, een cache of de demo.</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>Kan het project niet opslaan</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 opgeslagen</translation>
    </message>
    <message>
        <source>Evaluating configuration</source>
        <translation>Configuratie evalueren</translation>
    </message>
    <message>
        <source>Invalid configuration</source>
        <translation>Ongeldige configuratie</translation>
    </message>
    <message>
        <source>Searching (%1)</source>
        <translation>Zoeken (%1)</translation>
    </message>
    <message>
        <source>%1 configurations evaluated, %2 on the front, hypervolume %3</source>
        <translation>%1 configuraties geëvalueerd, %2 op het front, hypervolume %3</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>Zoeken mislukt</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Geannuleerd.</translation>
    </message>
    <message>
        <source>Calibrating the post-processing latency of this machine</source>
        <translation>De latentie van de nabewerking op deze machine kalibreren</translation>
    </message>
    <message>
        <source>Latency model: %1 ms + %2 µs per box + %3 µs per candidate</source>
        <translation>Latentiemodel: %1 ms + %2 µs per box + %3 µs per kandidaat</translation>
    </message>
    <message>
        <source>Latency calibration failed</source>
        <translation>Latentiekalibratie mislukt</translation>
    </message>
    <message>
        <source>#%1 (level %2) %3×%4</source>
        <translation>#%1 (niveau %2) %3×%4</translation>
    </message>
    <message>
        <source>Analysing anchors</source>
        <translation>Ankers analyseren</translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation>Analyse mislukt</translation>
    </message>
    <message>
        <source>Evaluating the metrics</source>
        <translation>De metrieken evalueren</translation>
    </message>
    <message>
        <source>Metrics updated: the full model against the selected configuration.</source>
        <translation>Metrieken bijgewerkt: het volledige model tegenover de gekozen configuratie.</translation>
    </message>
    <message>
        <source>Metrics failed</source>
        <translation>Metrieken mislukt</translation>
    </message>
    <message>
        <source>Selected configuration: the full model</source>
        <translation>Gekozen configuratie: het volledige model</translation>
    </message>
    <message>
        <source>Selected configuration: %1 anchors removed</source>
        <translation>Gekozen configuratie: %1 ankers verwijderd</translation>
    </message>
    <message>
        <source>Full model</source>
        <translation>Volledig model</translation>
    </message>
    <message>
        <source>Showing image %1</source>
        <translation>Afbeelding %1 tonen</translation>
    </message>
    <message>
        <source>Cannot show the image</source>
        <translation>Kan de afbeelding niet tonen</translation>
    </message>
    <message>
        <source>Nothing to retrain</source>
        <translation>Niets om te hertrainen</translation>
    </message>
    <message>
        <source>Retraining needs a session of a model and a dataset.</source>
        <translation>Hertrainen vraagt een sessie van een model en een dataset.</translation>
    </message>
    <message>
        <source>No training data</source>
        <translation>Geen trainingsdata</translation>
    </message>
    <message>
        <source>Choose the training data (COCO JSON) first.</source>
        <translation>Kies eerst de trainingsdata (COCO JSON).</translation>
    </message>
    <message>
        <source>Retraining the selected configuration</source>
        <translation>De gekozen configuratie hertrainen</translation>
    </message>
    <message>
        <source>Retrained model saved as %1</source>
        <translation>Hertraind model opgeslagen als %1</translation>
    </message>
    <message>
        <source>Retraining failed</source>
        <translation>Hertrainen mislukt</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Niets om te exporteren</translation>
    </message>
    <message>
        <source>Exporting needs a session of a model and a dataset.</source>
        <translation>Exporteren vraagt een sessie van een model en een dataset.</translation>
    </message>
    <message>
        <source>Pruning and exporting</source>
        <translation>Snoeien en exporteren</translation>
    </message>
    <message>
        <source>Exported %1 (%2 KB)</source>
        <translation>%1 geëxporteerd (%2 KB)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Exporteren mislukt</translation>
    </message>
    <message>
        <source>Evaluating detections</source>
        <translation>Detecties evalueren</translation>
    </message>
    <message>
        <source>AP %1, AP50 %2 over %3 images</source>
        <translation>AP %1, AP50 %2 over %3 afbeeldingen</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>Evaluatie mislukt</translation>
    </message>
    <message>
        <source>Reading the torchvision checkpoint</source>
        <translation>Het torchvision-checkpoint lezen</translation>
    </message>
    <message>
        <source>Cannot read the torchvision checkpoint</source>
        <translation>Kan het torchvision-checkpoint niet lezen</translation>
    </message>
    <message>
        <source>Importing the torchvision model</source>
        <translation>Het torchvision-model importeren</translation>
    </message>
    <message>
        <source>Imported %1 as %2</source>
        <translation>%1 geïmporteerd als %2</translation>
    </message>
    <message>
        <source>Cannot import the torchvision model</source>
        <translation>Kan het torchvision-model niet importeren</translation>
    </message>
    <message>
        <source>Checking the torchvision checkpoint</source>
        <translation>Het torchvision-checkpoint controleren</translation>
    </message>
    <message>
        <source>Cannot import the torchvision model again</source>
        <translation>Kan het torchvision-model niet opnieuw importeren</translation>
    </message>
    <message>
        <source>Moving the imported model beside the project</source>
        <translation>Het geïmporteerde model wordt naast het project gezet</translation>
    </message>
    <message>
        <source>Cannot move the imported model beside the project</source>
        <translation>Kan het geïmporteerde model niet naast het project zetten</translation>
    </message>
    <message>
        <source>Validating the configuration</source>
        <translation>De configuratie valideren</translation>
    </message>
    <message>
        <source>Validation failed</source>
        <translation>Validatie mislukt</translation>
    </message>
    <message>
        <source>; recommended: node %1 (validated on %2 images)</source>
        <translation>; aanbevolen: knoop %1 (gevalideerd op %2 afbeeldingen)</translation>
    </message>
    <message>
        <source>; no point keeps the promise on the %1 validation images</source>
        <translation>; geen punt houdt de belofte op de %1 validatieafbeeldingen</translation>
    </message>
    <message>
        <source>; unvalidated (this session has no validation images)</source>
        <translation>; ongevalideerd (deze sessie heeft geen validatieafbeeldingen)</translation>
    </message>
    <message>
        <source>Nothing to report</source>
        <translation>Niets om te rapporteren</translation>
    </message>
    <message>
        <source>A report needs a session.</source>
        <translation>Een rapport heeft een sessie nodig.</translation>
    </message>
    <message>
        <source>Making the report</source>
        <translation>Het rapport maken</translation>
    </message>
    <message>
        <source>Report failed</source>
        <translation>Rapport mislukt</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Rapport geschreven naar %1</translation>
    </message>
</context>
<context>
    <name>anchorscope::TrainingCurves</name>
    <message>
        <source>loss</source>
        <translation>verlies</translation>
    </message>
    <message>
        <source>box regression loss</source>
        <translation>verlies boxregressie</translation>
    </message>
    <message>
        <source>classification loss</source>
        <translation>verlies classificatie</translation>
    </message>
    <message>
        <source>AP after the epoch</source>
        <translation>AP na de epoch</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
</context>
</TS>
