function Protect-PgConfigFile {
    <#
    .SYNOPSIS
        Restricts a Mirroring Controller file to the instance administrator, then verifies it.

    .DESCRIPTION
        For each file that Test-PgConfigFile does not find compliant: gives ownership to the
        Administrators group (takeown /f /a, so that the access list can be rewritten even when it
        locks Administrators out), then to the instance administrator (icacls /setowner), removes
        inherited entries (icacls /inheritance:r), grants full control to the administrator,
        LocalSystem and Administrators so that nobody is locked out (icacls /grant:r), removes every
        other account's entries (icacls /remove), and checks the result again. Every account is
        given to icacls as *SID, so this works for a deleted account (an orphaned SID) and in any
        Windows language. Files already compliant are not touched, so the command is safe to run at
        every boot.

    .PARAMETER Path
        Files to protect, such as D:\mcdir\inst1\network.conf. Accepts pipeline input.

    .PARAMETER Account
        The instance administrator, as DOMAIN\user, COMPUTER\user, .\user or a SID.

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
            $sid = "*$($before.AccountSid)"
            $steps = @(
                @{ File = 'takeown.exe'; Arguments = @('/f', $file, '/a') },
                @{ File = 'icacls.exe'; Arguments = @($file, '/setowner', $sid) },
                @{ File = 'icacls.exe'; Arguments = @($file, '/inheritance:r', '/grant:r', "${sid}:F", '*S-1-5-18:F', '*S-1-5-32-544:F') }
            )
            foreach ($extra in $before.ExtraAccount) {
                $steps += @{ File = 'icacls.exe'; Arguments = @($file, '/remove', "*$($extra.sid)") }
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
                            -Message "'$file' is still not private to ${Account}: $($after.ExtraAccess -join '; ')." `
                            -Hint "A Group Policy may override file permissions; see who else has access with: icacls '$file'"))
            }
            $after
        }
    }
}
