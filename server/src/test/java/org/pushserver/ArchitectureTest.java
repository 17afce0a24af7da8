package org.pushserver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.pushserver");
    }

    @Test
    void onlyTheSocketPackagesTouchNettySocketio() {
        noClasses().that().resideOutsideOfPackage("org.pushserver.socket..")
                .should().dependOnClassesThat().resideInAPackage("com.corundumstudio..")
                .check(main);
    }

    @Test
    void onlyTheClusterPackageTouchesRedisson() {
        noClasses().that().resideOutsideOfPackage("org.pushserver.cluster..")
                .should().dependOnClassesThat().resideInAPackage("org.redisson..")
                .check(main);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsBackOnIt() {
        slices().matching("org.pushserver.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void noClassIsNamedForBeingVague() {
        noClasses().should().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Impl")
                .check(main);
    }

    @Test
    void onlyTheWiringKnowsTheServerAsAWhole() {
        noClasses().that().resideOutsideOfPackage("org.pushserver")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.pushserver.PushServer")
                .check(main);
    }

    @Test
    void onlyTheApnsProviderTouchesPushyAndOnlyTheFcmProviderTouchesGoogleAuth() {
        noClasses().that().resideOutsideOfPackage("org.pushserver.mobile.apns..")
                .should().dependOnClassesThat().resideInAPackage("com.eatthepath..")
                .check(main);
        noClasses().that().resideOutsideOfPackage("org.pushserver.mobile.fcm..")
                .should().dependOnClassesThat().resideInAPackage("com.google.auth..")
                .check(main);
    }
}
