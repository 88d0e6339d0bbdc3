function Protect-PgConfigFile {
    <#
    .SYNOPSIS
        Restricts a Mirroring Controller file to the instance administrator, then verifies it.

    .DESCRIPTION
        For each file that Test-PgConfigFile does not find compliant: takes ownership (takeown /f),
        gives the file to the instance administrator (icacls /setowner), removes inherited entries
        (icacls /inheritance:r), grants full control to the administrator and, by SID, to
        LocalSystem and Administrators so that nobody is locked out (icacls /grant:r), removes every
        other entry, and checks the result again. Files already compliant are not touched, so the
        command is safe to run at every boot.

    .PARAMETER Path
        Files to protect, such as D:\mcdir\inst1\network.conf. Accepts pipeline input.

    .PARAMETER Account
        The instance administrator, as DOMAIN\user or COMPUTER\user.

    .PARAMETER Force
        Changes the access lists without asking for confirmation.

    .EXAMPLE
        Protect-PgConfigFile -Path D:\mcdir\inst1\network.conf, D:\mcdir\inst1\server1.conf -Account 'CONTOSO\symfo'

        Locks both files down as the manual's set-up steps 4 and 6 ask.

    .EXAMPLE
        Get-ChildItem D:\mcdir\inst1 -File | Protect-PgConfigFile -Account 'CONTOSO\symfo' -WhatIf

        Shows which files would change.

    .OUTPUTS
        PgCluster.ConfigFileAccess

    .LINK
        Test-PgConfigFile
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.ConfigFileAccess')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [Alias('FullName')]
        [string[]]
        $Path,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Account,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        foreach ($file in $Path) {
            $before = Test-PgConfigFile -Path $file -Account $Account
            if ($before.Compliant) {
                Write-Verbose -Message "'$file' is already restricted to $Account."
                $before
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($file, "Allow access by $Account, SYSTEM and Administrators only")) {
                continue
            }
            $steps = @(
                @{ File = 'takeown.exe'; Arguments = @('/f', $file) },
                @{ File = 'icacls.exe'; Arguments = @($file, '/setowner', $Account) },
                @{ File = 'icacls.exe'; Arguments = @($file, '/inheritance:r', '/grant:r', "${Account}:F", '*S-1-5-18:F', '*S-1-5-32-544:F') }
            )
            $allowed = @($Account) + @(Get-PgAdministrativeAccount)
            foreach ($entry in $before.Entries) {
                if (-not $entry.Inherited -and $allowed -notcontains $entry.Account) {
                    $steps += @{ File = 'icacls.exe'; Arguments = @($file, '/remove', $entry.Account) }
                }
            }
            foreach ($step in $steps) {
                $run = Invoke-PgNative -FilePath $step.File -ArgumentList $step.Arguments
                if ($run.ExitCode -ne 0) {
                    $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ProtectFailed' -TargetObject $file `
                                -Message "$($step.File) $($step.Arguments -join ' ') failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                                -Hint 'Run PowerShell as Administrator; check that the account exists (whoami /user on its server).'))
                }
            }
            $after = Test-PgConfigFile -Path $file -Account $Account
            if (-not $after.Compliant) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ProtectNotEffective' -TargetObject $file `
                            -Message "'$file' still allows: $($after.ExtraAccess -join ', ')." `
                            -Hint 'A Group Policy or an inherited deny may override file permissions; check with icacls.'))
            }
            $after
        }
    }
}
